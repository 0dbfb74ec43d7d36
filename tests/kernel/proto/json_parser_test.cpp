#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "kernel/proto/json_parser.hpp"
#include "mesos/v1/mesos.pb.h"

using namespace nucleus::proto;

namespace {

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

// Parses `json` as a FrameworkInfo and returns the error message ("" on success).
std::string frameworkError(const std::string& json)
{
  mesos::v1::FrameworkInfo framework;
  return fromJson(json, &framework).message();
}

}  // namespace

TEST_CASE("integers are accepted as JSON numbers and as strings of digits")
{
  struct Case {
    const char* json;
    std::int64_t nanoseconds;
  };
  const Case cases[] = {
      {R"({"nanoseconds":1500000000000000000})", 1500000000000000000},
      {R"({"nanoseconds":"1500000000000000000"})", 1500000000000000000},
      {R"({"nanoseconds":"-9223372036854775808"})", INT64_MIN},
      {R"({"nanoseconds":-42})", -42},
      {R"({"nanoseconds":1e3})", 1000},
      {R"({"nanoseconds":"0"})", 0},
  };
  for (const Case& c : cases) {
    const std::string json = c.json;
    CAPTURE(json);
    mesos::v1::TimeInfo time;
    REQUIRE_MESSAGE(fromJson(c.json, &time).has_value(), fromJson(c.json, &time).message());
    CHECK(time.nanoseconds() == c.nanoseconds);
  }

  mesos::v1::Value::Range range;
  REQUIRE(fromJson(R"({"begin":"18446744073709551615","end":18446744073709551615})", &range));
  CHECK(range.begin() == UINT64_MAX);
  CHECK(range.end() == UINT64_MAX);
}

TEST_CASE("integers that do not fit the field are refused, naming the field")
{
  struct Case {
    const char* type;
    const char* json;
    const char* error;
  };
  const Case cases[] = {
      {"Address", R"({"port":2147483648})", "field 'port': 2147483648 is out of range"},
      {"Address", R"({"port":1.5})", "field 'port': 1.5 is not an integer"},
      {"Address", R"({"port":"12a"})", "field 'port': \"12a\" is not a string of decimal digits"},
      {"Address", R"({"port":" 1"})", "is not a string of decimal digits"},
      {"Address", R"({"port":true})", "field 'port': expected an integer (int32)"},
      {"Range", R"({"begin":-1,"end":1})", "field 'begin': -1 is out of range"},
      {"Range", R"({"begin":"18446744073709551616","end":1})", "out of range"},
      {"Range", R"({"begin":1e30,"end":1})", "out of range"},
      {"TimeInfo", R"({"nanoseconds":9223372036854775808})", "out of range"},
  };
  for (const Case& c : cases) {
    const std::string json = c.json;
    CAPTURE(json);
    std::string error;
    if (std::string(c.type) == "Address") {
      mesos::v1::Address address;
      error = fromJson(c.json, &address).message();
    } else if (std::string(c.type) == "Range") {
      mesos::v1::Value::Range range;
      error = fromJson(c.json, &range).message();
    } else {
      mesos::v1::TimeInfo time;
      error = fromJson(c.json, &time).message();
    }
    CHECK_MESSAGE(contains(error, c.error), error);
  }
}

TEST_CASE("unknown keys are ignored and null means unset")
{
  mesos::v1::FrameworkInfo framework;
  REQUIRE(fromJson(R"({"user":"u","name":"n","future_field":{"x":[1,2]},"hostname":null,)"
                   R"("roles":[null,"web"],"id":null})",
                   &framework));
  CHECK(framework.user() == "u");
  CHECK_FALSE(framework.has_hostname());
  CHECK_FALSE(framework.has_id());
  REQUIRE(framework.roles_size() == 1);
  CHECK(framework.roles(0) == "web");
}

TEST_CASE("unknown enum names in optional and repeated fields are dropped and reported")
{
  mesos::v1::FrameworkInfo framework;
  ParseReport report;
  REQUIRE(fromJson(R"({"user":"u","name":"n","capabilities":[{"type":"MULTI_ROLE"},)"
                   R"({"type":"FUTURE_CAPABILITY"},{"type":"GPU_RESOURCES"}]})",
                   &framework, &report));
  // As Mesos: the element stays, without a type.
  REQUIRE(framework.capabilities_size() == 3);
  CHECK(framework.capabilities(0).type() == mesos::v1::FrameworkInfo::Capability::MULTI_ROLE);
  CHECK_FALSE(framework.capabilities(1).has_type());
  REQUIRE(report.droppedEnums.size() == 1);
  CHECK(report.droppedEnums[0].path == "capabilities[1].type");
  CHECK(report.droppedEnums[0].value == "FUTURE_CAPABILITY");

  // A repeated enum field loses just that element.
  mesos::v1::CSIPluginContainerInfo plugin;
  REQUIRE(fromJson(R"({"services":["NODE_SERVICE","FUTURE_SERVICE"]})", &plugin, &report));
  CHECK(plugin.services_size() == 1);
  REQUIRE(report.droppedEnums.size() == 1);  // The report is reset by each call.
  CHECK(report.droppedEnums[0].path == "services[1]");

  // A singular optional enum is left unset.
  mesos::v1::MachineInfo machine;
  REQUIRE(fromJson(R"({"id":{"hostname":"h"},"mode":"SOMEDAY"})", &machine, &report));
  CHECK_FALSE(machine.has_mode());
  REQUIRE(report.droppedEnums.size() == 1);
  CHECK(report.droppedEnums[0].path == "mode");
  CHECK(report.droppedEnums[0].value == "SOMEDAY");
}

TEST_CASE("an unknown enum name in a required field is refused, naming the value")
{
  mesos::v1::TaskStatus status;
  const auto parsed = fromJson(R"({"task_id":{"value":"t"},"state":"TASK_FOO"})", &status);
  REQUIRE_FALSE(parsed.has_value());
  CHECK(contains(parsed.message(), "field 'state'"));
  CHECK(contains(parsed.message(), "TASK_FOO"));
}

TEST_CASE("numeric enum values are refused, naming the field and the name to use")
{
  const std::string error =
      frameworkError(R"({"user":"u","name":"n","capabilities":[{"type":5}]})");
  CHECK(contains(error, "field 'capabilities[0].type'"));
  CHECK(contains(error, "by name"));
  CHECK(contains(error, "PARTITION_AWARE"));
}

TEST_CASE("missing required fields are refused, listing them")
{
  CHECK(contains(frameworkError(R"({"name":"n"})"), "missing required field user"));
  CHECK(contains(frameworkError("{}"), "missing required fields user, name"));

  mesos::v1::Resource resource;
  const auto parsed = fromJson(R"({"name":"cpus","type":"SCALAR","scalar":{}})", &resource);
  CHECK(contains(parsed.message(), "scalar.value"));
  CHECK(resource.ByteSizeLong() == 0);  // Cleared on error.
}

TEST_CASE("a JSON type that does not fit the field is refused, naming the path and expectation")
{
  struct Case {
    const char* json;
    const char* error;
  };
  const Case cases[] = {
      {R"({"user":5,"name":"n"})", "field 'user': expected a string, got a number 5"},
      {R"({"user":"u","name":"n","checkpoint":"true"})",
       "field 'checkpoint': expected true or false, got a string"},
      {R"({"user":"u","name":"n","failover_timeout":"soon"})",
       "field 'failover_timeout': \"soon\" is not a number"},
      {R"({"user":"u","name":"n","id":"f-1"})",
       "field 'id': expected a JSON object (mesos.v1.FrameworkID), got a string"},
      {R"({"user":["u"],"name":"n"})", "field 'user': expected a string, got an array"},
      {R"({"user":"u","name":"n","roles":[["a"]]})", "field 'roles[0]': expected a string"},
      {R"({"user":"u","name":"n","labels":{"labels":[{"key":1}]}})",
       "field 'labels.labels[0].key': expected a string"},
      {R"({"user":"u","name":"n","capabilities":[{"type":{}}]})",
       "field 'capabilities[0].type': expected a string naming a "
       "mesos.v1.FrameworkInfo.Capability.Type value"},
      {"[1]", "expected a JSON object, got an array"},
  };
  for (const Case& c : cases) {
    const std::string json = c.json;
    CAPTURE(json);
    const std::string error = frameworkError(c.json);
    CHECK_MESSAGE(contains(error, "Failed to parse mesos.v1.FrameworkInfo from JSON: "), error);
    CHECK_MESSAGE(contains(error, c.error), error);
  }
}

TEST_CASE("Mesos' leniencies and ours: single values for repeated fields, camelCase keys")
{
  mesos::v1::FrameworkInfo framework;
  REQUIRE(fromJson(R"({"user":"u","name":"n","roles":"web","webuiUrl":"http://x",)"
                   R"("failoverTimeout":"Infinity"})",
                   &framework));
  REQUIRE(framework.roles_size() == 1);
  CHECK(framework.roles(0) == "web");
  CHECK(framework.webui_url() == "http://x");
  CHECK(framework.failover_timeout() == std::numeric_limits<double>::infinity());
}

TEST_CASE("malformed JSON is refused with its position")
{
  const std::string error = frameworkError("{\"user\": \"u\",\n  \"name\" 1}");
  CHECK_MESSAGE(contains(error, "malformed JSON at byte 23 (line 2, column 10)"), error);
  CHECK(contains(error, "expected ':'"));

  CHECK(contains(frameworkError(""), "malformed JSON at byte 0 (line 1, column 1)"));
  CHECK(contains(frameworkError("{\"user\":\"\xff\"}"), "malformed JSON"));
}

TEST_CASE("deep nesting is refused before it can exhaust the stack")
{
  // ContainerID nests through `parent`: 150 levels of real fields.
  std::string deep;
  for (int i = 0; i < 150; ++i) deep += R"({"value":"c","parent":)";
  deep += R"({"value":"c"})";
  deep += std::string(150, '}');
  mesos::v1::ContainerID container;
  CHECK(contains(fromJson(deep, &container).message(), "nested deeper than 100 levels at byte"));

  // Already-parsed documents are checked while walking them.
  const nlohmann::json document = nlohmann::json::parse(deep);
  const auto walked = fromJson(document, &container);
  CHECK_MESSAGE(contains(walked.message(), "nested deeper than 100 levels at 'parent.parent"),
                walked.message());

  // A million brackets cost one scan.
  const std::string brackets(1000000, '[');
  CHECK(contains(fromJson(brackets, &container).message(), "nested deeper than 100 levels"));

  // Brackets inside strings do not count.
  const std::string quoted = R"({"value":")" + std::string(500, '[') + R"("})";
  CHECK(fromJson(quoted, &container).has_value());
}

TEST_CASE("bytes are base64; invalid base64 is refused naming the field")
{
  mesos::v1::TaskStatus status;
  const std::string prefix = R"({"task_id":{"value":"t"},"state":"TASK_RUNNING","data":)";
  REQUIRE(fromJson(prefix + R"("aGVsbG8="})", &status));
  CHECK(status.data() == "hello");
  REQUIRE(fromJson(prefix + R"("aGVsbG8"})", &status));  // Padding is optional.
  CHECK(status.data() == "hello");
  REQUIRE(fromJson(prefix + R"("-_8"})", &status));  // URL-safe alphabet.
  CHECK(status.data() == "\xfb\xff");

  const std::string error = fromJson(prefix + R"("not base64!"})", &status).message();
  CHECK(contains(error, "field 'data'"));
  CHECK(contains(error, "invalid base64"));
  CHECK(contains(fromJson(prefix + R"("abcde"})", &status).message(), "invalid base64"));
}

TEST_CASE("the nlohmann overload follows the same rules")
{
  mesos::v1::FrameworkInfo framework;
  ParseReport report;
  const nlohmann::json document = {
      {"user", "u"}, {"name", "n"}, {"capabilities", {{{"type", "SOMETHING_NEW"}}}}};
  REQUIRE(fromJson(document, &framework, &report));
  CHECK(framework.capabilities_size() == 1);
  CHECK(report.droppedEnums.size() == 1);

  CHECK(contains(fromJson(nlohmann::json{{"name", "n"}}, &framework).message(),
                 "missing required field user"));
  CHECK(
      contains(fromJson(nlohmann::json::array(), &framework).message(), "expected a JSON object"));
}
