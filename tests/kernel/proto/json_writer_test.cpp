#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <limits>
#include <string>

#include "kernel/proto/json_parser.hpp"
#include "kernel/proto/json_text.hpp"
#include "kernel/proto/json_writer.hpp"
#include "mesos/v1/mesos.pb.h"

using namespace nucleus::proto;

TEST_CASE("int64 is written as a JSON number, not a string")
{
  mesos::v1::TimeInfo time;
  time.set_nanoseconds(1500000000000000000);
  CHECK(toJson(time) == R"({"nanoseconds":1500000000000000000})");

  time.set_nanoseconds(std::numeric_limits<std::int64_t>::min());
  CHECK(toJson(time) == R"({"nanoseconds":-9223372036854775808})");

  mesos::v1::Value::Range range;
  range.set_begin(0);
  range.set_end(std::numeric_limits<std::uint64_t>::max());
  CHECK(toJson(range) == R"({"begin":0,"end":18446744073709551615})");
}

TEST_CASE("output is compact, in declaration order, with Mesos' defaults for unset fields")
{
  mesos::v1::FrameworkInfo framework;
  framework.set_user("root");
  framework.set_name("marathon");
  framework.set_hostname("host-1");

  // As Mesos 1.5: failover_timeout and checkpoint have explicit defaults and are written;
  // role has one too but is deprecated, so it is not; unset fields without defaults are not.
  CHECK(toJson(framework) ==
        R"({"user":"root","name":"marathon","failover_timeout":0.0,"checkpoint":false,)"
        R"("hostname":"host-1"})");

  // A set field is written with its value even when it equals the default or is deprecated.
  framework.set_checkpoint(false);
  framework.mutable_capabilities();
  CHECK(toJson(framework) ==
        R"({"user":"root","name":"marathon","failover_timeout":0.0,"checkpoint":false,)"
        R"("hostname":"host-1"})");
  REQUIRE(fromJson(R"({"user":"u","name":"n","role":"*"})", &framework));
  CHECK(toJson(framework).find(R"("role":"*")") != std::string::npos);
}

TEST_CASE("enums are written by name and bytes as base64")
{
  mesos::v1::TaskStatus status;
  status.mutable_task_id()->set_value("t1");
  status.set_state(mesos::v1::TASK_RUNNING);
  status.set_data(std::string("\x00\x01hello", 7));
  status.set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  CHECK(toJson(status) ==
        R"({"task_id":{"value":"t1"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR",)"
        R"("data":"AAFoZWxsbw=="})");
}

TEST_CASE("doubles are printed as Mesos prints them")
{
  struct Case {
    double value;
    const char* json;
  };
  const Case cases[] = {
      {1.0, "1.0"},
      {0.1, "0.1"},
      {-0.5, "-0.5"},
      {100.0, "100.0"},
      {2.25, "2.25"},
      {1500000000.123456, "1500000000.12346"},  // 15 significant digits, as Mesos.
      {0.1 + 0.2, "0.3"},
      {1e20, "1e+20"},
      {1e-7, "1e-07"},
      {std::numeric_limits<double>::quiet_NaN(), R"("NaN")"},
      {std::numeric_limits<double>::infinity(), R"("Infinity")"},
      {-std::numeric_limits<double>::infinity(), R"("-Infinity")"},
  };
  for (const Case& c : cases) {
    const std::string json = c.json;
    CAPTURE(json);
    mesos::v1::Value::Scalar scalar;
    scalar.set_value(c.value);
    CHECK(toJson(scalar) == std::string(R"({"value":)") + c.json + "}");
  }
}

TEST_CASE("strings are escaped so the output is always valid JSON")
{
  struct Case {
    std::string raw;
    std::string json;
  };
  const Case cases[] = {
      {"plain", R"("plain")"},
      {"a\"b\\c", R"("a\"b\\c")"},
      {"/var/lib", R"("\/var\/lib")"},  // As Mesos.
      {"line\nbreak\ttab\r", R"("line\nbreak\ttab\r")"},
      {std::string("nul\0x", 5), R"("nul\u0000x")"},
      {"\x01\x1f\x7f", R"("\u0001\u001f\u007f")"},
      {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""},
      {"bad\xff", R"("bad\ufffd")"},
      {"cut\xe2\x82", R"("cut\ufffd\ufffd")"},
      {"\xc0\xaf", R"("\ufffd\ufffd")"},            // Overlong '/'.
      {"\xed\xa0\x80", R"("\ufffd\ufffd\ufffd")"},  // Surrogate.
  };
  for (const Case& c : cases) {
    const std::string json = c.json;
    CAPTURE(json);
    std::string out;
    appendJsonString(c.raw, out);
    CHECK(out == c.json);
    CHECK(nlohmann::json::accept(out));
  }
}

TEST_CASE("appendJson appends to an existing buffer and toJsonValue gives the same document")
{
  mesos::v1::AgentID id;
  id.set_value("S0");
  std::string out = "[";
  appendJson(id, out);
  out += ",";
  appendJson(id, out);
  out += "]";
  CHECK(out == R"([{"value":"S0"},{"value":"S0"}])");

  mesos::v1::Resource resource;
  resource.set_name("cpus");
  resource.set_type(mesos::v1::Value::SCALAR);
  resource.mutable_scalar()->set_value(2);
  const nlohmann::json value = toJsonValue(resource);
  CHECK(value["name"] == "cpus");
  CHECK(value["type"] == "SCALAR");
  CHECK(value["scalar"]["value"] == 2.0);
  CHECK(value.dump() == R"({"name":"cpus","scalar":{"value":2.0},"type":"SCALAR"})");
}
