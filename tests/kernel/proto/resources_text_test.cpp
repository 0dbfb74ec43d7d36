// parseResources as an operator meets it through --resources: Mesos' text and JSON forms, the
// post-reservation-refinement result, and errors that name the piece at fault and the fix.

#include <doctest/doctest.h>

#include <string>

#include "kernel/proto/json_writer.hpp"
#include "kernel/proto/resources_text.hpp"
#include "mesos/v1/mesos.pb.h"

using namespace nucleus::proto;

namespace {

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

// The resources back in the text form ("cpus(web):2;ports:[1-2]"), reading roles from the
// reservations, so that the tables below stay readable.
std::string render(const google::protobuf::RepeatedPtrField<mesos::v1::Resource>& resources)
{
  std::string out;
  for (const mesos::v1::Resource& resource : resources) {
    if (!out.empty()) out += ";";
    out += resource.name();
    for (const auto& reservation : resource.reservations()) out += "(" + reservation.role() + ")";
    out += ":";
    switch (resource.type()) {
      case mesos::v1::Value::SCALAR: {
        std::string amount = std::to_string(resource.scalar().value());
        amount.erase(amount.find_last_not_of('0') + 1);
        if (amount.ends_with('.')) amount.pop_back();
        out += amount;
        break;
      }
      case mesos::v1::Value::RANGES: {
        out += "[";
        for (const auto& range : resource.ranges().range()) {
          if (out.back() != '[') out += ",";
          out += std::to_string(range.begin()) + "-" + std::to_string(range.end());
        }
        out += "]";
        break;
      }
      default: {
        out += "{";
        for (const auto& item : resource.set().item()) {
          if (out.back() != '{') out += ",";
          out += item;
        }
        out += "}";
      }
    }
  }
  return out;
}

// Whether the deprecated pre-refinement `role` field is set (read by reflection, as the accessors
// are deprecated).
bool hasRoleField(const mesos::v1::Resource& resource)
{
  return resource.GetReflection()->HasField(resource,
                                            resource.GetDescriptor()->FindFieldByName("role"));
}

}  // namespace

TEST_CASE("the text form parses scalars, ranges, sets and roles")
{
  struct Case {
    const char* text;
    const char* defaultRole;
    const char* parsed;
  };
  const Case cases[] = {
      {"cpus:1;mem:128", "*", "cpus:1;mem:128"},
      {"cpus:1.5", "*", "cpus:1.5"},
      {"cpus:1e1", "*", "cpus:10"},
      {" cpus : 2 ; mem : 64 ", "*", "cpus:2;mem:64"},
      {"cpus:1;;mem:2;", "*", "cpus:1;mem:2"},
      {"", "*", ""},
      {"ports:[31000-32000,33000-33010]", "*", "ports:[31000-32000,33000-33010]"},
      {"ports:[ 1 - 5 , 7-9 ]", "*", "ports:[1-5,7-9]"},
      {"ports:[5-8,1-3]", "*", "ports:[1-3,5-8]"},
      {"ports:[1-5,3-8]", "*", "ports:[1-8]"},  // Overlapping ranges are merged, as Mesos.
      {"ports:[1-3,4-6]", "*", "ports:[1-6]"},  // So are adjacent ones.
      {"ports:[1-2,]", "*", "ports:[1-2]"},
      {"disks:{a,b}", "*", "disks:{a,b}"},
      {"disks:{ a , b ,}", "*", "disks:{a,b}"},
      {"cpus(web):2", "*", "cpus(web):2"},
      {"cpus( web ):2", "*", "cpus(web):2"},
      {"cpus(*):2", "*", "cpus:2"},
      {"cpus(eng/web):2", "*", "cpus(eng/web):2"},
      {"cpus:2;mem(*):3", "web", "cpus(web):2;mem:3"},
      // As Mesos' Resources::add: the same resource adds up; empty ones disappear.
      {"cpus:1;cpus:2", "*", "cpus:3"},
      {"cpus:0.1;cpus:0.2", "*", "cpus:0.3"},
      {"cpus:1;cpus(web):2", "*", "cpus:1;cpus(web):2"},
      {"ports:[1-2];ports:[3-4]", "*", "ports:[1-4]"},
      {"disks:{a};disks:{a,b}", "*", "disks:{a,b}"},
      {"cpus:0;mem:1", "*", "mem:1"},
      {"ports:[];disks:{}", "*", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CAPTURE(c.defaultRole);
    auto parsed = parseResources(c.text, c.defaultRole);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.message());
    CHECK(render(*parsed) == c.parsed);
  }
}

TEST_CASE("a role becomes one STATIC reservation, in Mesos 1.5's post-refinement form")
{
  auto parsed = parseResources("cpus(web):2;mem:64");
  REQUIRE_MESSAGE(parsed.has_value(), parsed.message());
  REQUIRE(parsed->size() == 2);
  CHECK(toJson(parsed->Get(0)) == R"({"name":"cpus","type":"SCALAR","scalar":{"value":2.0},)"
                                  R"("reservations":[{"type":"STATIC","role":"web"}]})");
  CHECK(toJson(parsed->Get(1)) == R"({"name":"mem","type":"SCALAR","scalar":{"value":64.0}})");
  CHECK_FALSE(hasRoleField(parsed->Get(0)));
}

TEST_CASE("the JSON array form is accepted and converted like the text form")
{
  struct Case {
    const char* json;
    const char* defaultRole;
    const char* parsed;
  };
  const Case cases[] = {
      {R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1.5}}])", "*", "cpus:1.5"},
      {R"( [{"name":"cpus","type":"SCALAR","scalar":{"value":1}}] )", "web", "cpus(web):1"},
      {R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"web"}])", "*",
       "cpus(web):1"},
      {R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1},)"
       R"("reservations":[{"type":"STATIC","role":"web"}]}])",
       "*", "cpus(web):1"},
      {R"([{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":1,"end":5}]}},)"
       R"({"name":"ports","type":"RANGES","ranges":{"range":[{"begin":6,"end":9}]}}])",
       "*", "ports:[1-9]"},
      {R"([{"name":"disks","type":"SET","set":{"item":["a","b"]}}])", "*", "disks:{a,b}"},
      {"[]", "*", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    auto parsed = parseResources(c.json, c.defaultRole);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.message());
    CHECK(render(*parsed) == c.parsed);
    for (const auto& resource : *parsed) CHECK_FALSE(hasRoleField(resource));
  }
}

TEST_CASE("bad resources are refused, naming the piece and the fix")
{
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"cpus:-1", "resource 'cpus:-1': the amount -1 is negative; give 0 or more"},
      {"cpus:nan", "resource 'cpus:nan': the amount 'nan' is not a finite number"},
      {"cpus:inf", "the amount 'inf' is not a finite number"},
      {"cpus:abc", "'abc' is not a number, a list of ranges ([31000-32000]) or a set ({a,b})"},
      {"cpus:", "resource 'cpus:': the value after ':' is empty; write name:value"},
      {":1", "resource ':1': the name is empty"},
      {"(web):1", "the name is empty"},
      {"cpus", "resource 'cpus': there is no ':'; write name:value, e.g. cpus:2"},
      {"cpus:1:2", "there is more than one ':'"},
      {"cpus(web:1", "resource 'cpus(web:1': mismatched parentheses; write name(role):value"},
      {"cpusweb):1", "mismatched parentheses"},
      {"cpus(web)x:1", "mismatched parentheses"},
      {"ports:[5-3]", "resource 'ports:[5-3]': the range '5-3' begins after it ends; write 3-5"},
      {"ports:[5]", "the range '5' is not begin-end with whole numbers of 0 or more"},
      {"ports:[a-b]", "the range 'a-b' is not begin-end"},
      {"ports:[-1-5]", "the range '-1-5' is not begin-end"},
      {"ports:[1-5", "the value '[1-5' has unbalanced brackets"},
      {"ports:1-5]", "has unbalanced brackets"},
      {"ports:[[1-5]]", "has unbalanced brackets"},
      {"disks:{a,b", "the value '{a,b' has unbalanced brackets"},
      {"disks:[a}", "has unbalanced brackets"},
      {"disks:{a,a}", "resource 'disks:{a,a}': the set lists 'a' twice; list each item once"},
      {"cpus:1;cpus:[1-2]", "resource 'cpus' is given as both SCALAR and RANGES; give it one type"},
      {"cpus():1", "a role cannot be empty; use '*' for no role"},
      {"cpus(/web):1", "role '/web' cannot start with a slash"},
      {"cpus(web/):1", "role 'web/' cannot end with a slash"},
      {"cpus(a//b):1", "role 'a//b' cannot contain two adjacent slashes"},
      {"cpus(a/../b):1", "role 'a/../b' cannot include '..' as a component"},
      {"cpus(-web):1", "the component '-web' starts with a dash"},
      {R"([{"name":"cpus","type":"SCALAR","scalar":{"value":-2}}])",
       "resource 'cpus': the amount -2 is negative"},
      {R"([{"name":"cpus","type":"SCALAR"}])",
       "resource 'cpus': a SCALAR resource needs the \"scalar\" field"},
      {R"([{"name":"","type":"SCALAR","scalar":{"value":1}}])", "a resource has an empty name"},
      {R"([{"name":"cpus","scalar":{"value":1}}])", "resources[0]: "},
      {R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1}})",
       "resources starting with '[' are read as a JSON array of Resource objects"},
      {R"([{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":1,"end":5},)"
       R"({"begin":3,"end":8}]}}])",
       "the ranges overlap"},
      {R"([{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":5,"end":9},)"
       R"({"begin":1,"end":6}]}}])",
       "the ranges overlap"},
      {R"([{"name":"x","type":"TEXT","text":{"value":"a"}}])", "TEXT is not a resource type"},
      {R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1},)"
       R"("reservations":[{"type":"DYNAMIC","role":"web"}]}])",
       "dynamic reservations cannot be given at the command line"},
      {R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"web",)"
       R"("reservation":{"principal":"p"}}])",
       "dynamic reservations cannot be given at the command line"},
      {R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1},"revocable":{}}])",
       "revocable resources cannot be given at the command line"},
      {R"([{"name":"disk","type":"SCALAR","scalar":{"value":1},)"
       R"("disk":{"persistence":{"id":"x"}}}])",
       "persistent volumes cannot be given at the command line"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    auto parsed = parseResources(c.text);
    REQUIRE_FALSE(parsed.has_value());
    CHECK_MESSAGE(contains(parsed.error().message, c.message), parsed.error().message);
  }
}

TEST_CASE("an invalid default role is refused")
{
  auto parsed = parseResources("cpus:1", "/web");
  REQUIRE_FALSE(parsed.has_value());
  CHECK(contains(parsed.error().message, "the default role is invalid"));
}

TEST_CASE("role names follow Mesos' rules")
{
  for (const char* good : {"*", "web", "eng/web", "a.b", "a-b", "_x", "web*"}) {
    CAPTURE(good);
    CHECK(validateRole(good).has_value());
  }
  for (const char* bad :
       {"", "/a", "a/", "a//b", ".", "..", "a/./b", "a/*", "-a", "a/-b", "a b", "a\tb", "a\x7f"}) {
    CAPTURE(bad);
    CHECK_FALSE(validateRole(bad).has_value());
  }
}
