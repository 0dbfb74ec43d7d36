// What the agent says about itself: --attributes, --resources with detection,
// and its flags.

#include <doctest/doctest.h>

#include "kernel/agent/agent_info.hpp"
#include "kernel/agent/attributes.hpp"
#include "kernel/flags/flag_set.hpp"
#include "nucleus/module/resources.hpp"

namespace nucleus::agent {

namespace {

constexpr uint64_t kGB = 1024ull * 1024 * 1024;

MachineResources machine()
{
  MachineResources m;
  m.cpus = 8;
  m.memoryBytes = 16 * kGB;
  m.diskBytes = 100 * kGB;
  return m;
}

Resources resourcesFor(std::optional<std::string> text, const MachineResources& m = machine())
{
  AgentSettings settings;
  settings.resources = std::move(text);
  auto resources = agentResources(settings, m);
  REQUIRE_MESSAGE(resources.has_value(), (resources ? "" : resources.error().message));
  return Resources(*resources);
}

struct TestFlags : flags::FlagSet {
  TestFlags() { addAgentFlags(*this, &TestFlags::agent); }
  AgentSettings agent;
};

}  // namespace

TEST_CASE("undetected resources are detected as Mesos does")
{
  Resources all = resourcesFor(std::nullopt);
  CHECK(all.cpus() == 8);
  CHECK(all.mem() == 15 * 1024);   // total - 1GB
  CHECK(all.disk() == 95 * 1024);  // total - 5GB
  CHECK(all.ports()->range(0).begin() == 31000);

  MachineResources small;
  small.cpus = 1;
  small.memoryBytes = 1 * kGB;
  small.diskBytes = 8 * kGB;
  Resources halves = resourcesFor(std::nullopt, small);
  CHECK(halves.mem() == 512);    // half below 2GB
  CHECK(halves.disk() == 4096);  // half below 10GB
}

TEST_CASE("--resources wins over detection, name by name")
{
  Resources given = resourcesFor("cpus:2;mem:1000;ports:[1-5]");
  CHECK(given.cpus() == 2);
  CHECK(given.mem() == 1000);
  CHECK(given.disk() == 95 * 1024);
  CHECK(given.ports()->range(0).end() == 5);

  // Given as empty still counts as given.
  Resources none = resourcesFor("cpus:0");
  CHECK_FALSE(none.cpus().has_value());

  Resources json = resourcesFor(R"([{"name":"mem","type":"SCALAR","scalar":{"value":64}}])");
  CHECK(json.mem() == 64);
  CHECK(json.cpus() == 8);

  AgentSettings bad;
  bad.resources = "cpus:lots";
  auto refused = agentResources(bad, machine());
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("Invalid --resources") == 0);
}

TEST_CASE("--attributes parse as text, scalars and ranges")
{
  auto attributes = parseAttributes("rack:abc;cores:8;ports:[1-10,20-30]");
  REQUIRE(attributes.has_value());
  REQUIRE(attributes->size() == 3);
  CHECK(attributes->Get(0).type() == mesos::v1::Value::TEXT);
  CHECK(attributes->Get(0).text().value() == "abc");
  CHECK(attributes->Get(1).type() == mesos::v1::Value::SCALAR);
  CHECK(attributes->Get(1).scalar().value() == 8);
  CHECK(attributes->Get(2).type() == mesos::v1::Value::RANGES);
  CHECK(attributes->Get(2).ranges().range_size() == 2);

  auto missing = parseAttributes("rack");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().message.find("Invalid attribute key:value pair 'rack'") == 0);

  auto set = parseAttributes("disks:{a,b}");
  REQUIRE_FALSE(set.has_value());
  CHECK(set.error().message.find("set values") != std::string::npos);
}

TEST_CASE("the agent's flags use Mesos' names and defaults")
{
  TestFlags flags;
  REQUIRE(flags
              .load({"--master=127.0.0.1:5050", "--resources=cpus:1",
                     "--executor_registration_timeout=2mins"},
                    {})
              .has_value());
  CHECK(flags.agent.master == "127.0.0.1:5050");
  CHECK(flags.agent.resources == "cpus:1");
  CHECK(flags.agent.executorRegistrationTimeout == Duration::minutes(2));
  CHECK(flags.agent.executorShutdownGracePeriod == Duration::seconds(5));
  CHECK(flags.agent.isolation == "posix/cpu,posix/mem");
  CHECK(flags.agent.registrationBackoffFactor == Duration::seconds(1));
}

}  // namespace nucleus::agent
