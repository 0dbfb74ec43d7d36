// LAUNCH task validation: Mesos 1.5's checks and texts.
#include <doctest/doctest.h>

#include "task_fixture.hpp"

using namespace nucleus;
using namespace nucleus::testing;
using namespace nucleus::master::validation;
using mesos::v1::ExecutorInfo;
using mesos::v1::TaskInfo;

TEST_CASE("validateTask: task fields")
{
  TaskFixture fixture;
  fixture.usedTaskIds = {"taken"};

  struct Case {
    const char* name;
    TaskInfo task;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"valid", commandTask("t1"), ""},
      {"empty id", commandTask(""), "ID must not be empty"},
      {"slash in id", commandTask("a/b"), "'a/b' contains invalid characters"},
      {"dot id", commandTask(".."), "'..' is disallowed"},
      {"duplicate id", commandTask("taken"), "Task has duplicate ID: taken"},
      {"wrong agent", commandTask("t1", [](auto& t) { t.mutable_agent_id()->set_value("a2"); }),
       "Task uses invalid agent a2 while agent a1 is expected"},
      {"negative kill grace",
       commandTask(
           "t1",
           [](auto& t) { t.mutable_kill_policy()->mutable_grace_period()->set_nanoseconds(-1); }),
       "Task's 'kill_policy.grace_period' must be non-negative"},
      {"check without type", commandTask("t1", [](auto& t) { t.mutable_check(); }),
       "Task uses invalid check: CheckInfo must specify 'type'"},
      {"http check path",
       commandTask("t1",
                   [](auto& t) {
                     t.mutable_check()->set_type(mesos::v1::CheckInfo::HTTP);
                     t.mutable_check()->mutable_http()->set_port(80);
                     t.mutable_check()->mutable_http()->set_path("health");
                   }),
       "Task uses invalid check: The path 'health' of HTTP check must start with '/'"},
      {"health check scheme",
       commandTask("t1",
                   [](auto& t) {
                     auto* http = t.mutable_health_check()->mutable_http();
                     http->set_port(80);
                     http->set_scheme("ftp");
                   }),
       "Task uses invalid health check: Unsupported HTTP health check scheme: 'ftp'"},
      {"command health check without value",
       commandTask("t1",
                   [](auto& t) {
                     t.mutable_health_check()->set_type(mesos::v1::HealthCheck::COMMAND);
                     t.mutable_health_check()->mutable_command();
                   }),
       "Task uses invalid health check: Command health check must contain 'shell command'"},
      {"no resources", commandTask("t1", [](auto& t) { t.clear_resources(); }),
       "Task uses no resources"},
      {"negative resource",
       commandTask("t1", [](auto& t) { *t.add_resources() = inRole(scalar("gpus", -1)); }),
       "Task uses invalid resources: Invalid resources: Resource 'gpus(allocated: r)(*):-1' is "
       "invalid: Invalid scalar resource: value < 0"},
      {"fractional gpus",
       commandTask("t1", [](auto& t) { *t.add_resources() = inRole(scalar("gpus", 0.5)); }),
       "Task uses invalid resources: Invalid 'gpus' resource: The 'gpus' resource must be an "
       "unsigned integer"},
      {"unallocated resources",
       commandTask("t1", [](auto& t) { *t.add_resources() = scalar("disk", 1); }),
       "Invalid task resources: The resources are not allocated to a role"},
      {"two allocation roles",
       commandTask("t1", [](auto& t) { *t.add_resources() = allocated(scalar("disk", 1), "s"); }),
       "Invalid task resources: The resources have multiple allocation roles ('s' and 'r') but "
       "only one allocation role is allowed"},
      {"revocable mix",
       commandTask("t1",
                   [](auto& t) {
                     Resource r = inRole(scalar("cpus", 1));
                     r.mutable_revocable();
                     *t.add_resources() = r;
                   }),
       "Task mixes revocable and non-revocable resources: Cannot use both revocable and "
       "non-revocable 'cpus' at the same time"},
      {"bad environment",
       commandTask("t1",
                   [](auto& t) {
                     t.mutable_command()->mutable_environment()->add_variables()->set_name("X");
                   }),
       "Task's `CommandInfo` is invalid: Environment variable 'X' of type 'VALUE' must have a "
       "value set"},
      {"bad volume",
       commandTask("t1",
                   [](auto& t) {
                     auto* volume = t.mutable_container()->add_volumes();
                     t.mutable_container()->set_type(mesos::v1::ContainerInfo::MESOS);
                     volume->set_container_path("/c");
                     volume->set_mode(mesos::v1::Volume::RW);
                   }),
       "Task's `ContainerInfo` is invalid: Invalid volume: Only one of them should be set: "
       "'host_path', 'image' and 'source'"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(validateTask(c.task, fixture.context()).message() == c.error);
  }
}

TEST_CASE("validateTask: executor and available resources")
{
  TaskFixture fixture;
  const ExecutorInfo custom = executor("e1", ExecutorInfo::CUSTOM,
                                       {inRole(scalar("cpus", 0.1)), inRole(scalar("mem", 32))});
  ExecutorInfo running = custom;
  running.mutable_executor_id()->set_value("running");
  running.mutable_framework_id()->set_value("f1");
  fixture.executors["running"] = running;

  auto withExecutor = [](const std::string& id, ExecutorInfo e) {
    return task(id, [&](TaskInfo& t) { *t.mutable_executor() = e; });
  };

  struct Case {
    const char* name;
    TaskInfo task;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"neither command nor executor", task("t1"),
       "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present"},
      {"both", commandTask("t1", [&](auto& t) { *t.mutable_executor() = custom; }),
       "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present"},
      {"custom executor", withExecutor("t1", custom), ""},
      {"default executor on LAUNCH",
       withExecutor("t1", executor("e1", ExecutorInfo::DEFAULT, {inRole(scalar("cpus", 0.1))})),
       "'ExecutorInfo.type' must be 'CUSTOM'"},
      {"custom executor without command",
       [&] {
         ExecutorInfo e = custom;
         e.clear_command();
         return withExecutor("t1", e);
       }(),
       "'ExecutorInfo.command' must be set for 'CUSTOM' executor"},
      {"executor of another framework",
       [&] {
         ExecutorInfo e = custom;
         e.mutable_framework_id()->set_value("other");
         return withExecutor("t1", e);
       }(),
       "ExecutorInfo has an invalid FrameworkID (Actual: other vs Expected: f1)"},
      {"negative shutdown grace",
       [&] {
         ExecutorInfo e = custom;
         e.mutable_shutdown_grace_period()->set_nanoseconds(-5);
         return withExecutor("t1", e);
       }(),
       "ExecutorInfo's 'shutdown_grace_period' must be non-negative"},
      {"executor resources unallocated",
       withExecutor("t1", executor("e1", ExecutorInfo::CUSTOM, {scalar("cpus", 0.1)})),
       "Invalid executor resources: The resources are not allocated to a role"},
      {"running executor reused", withExecutor("t1", running), ""},
      {"running executor changed",
       [&] {
         ExecutorInfo e = running;
         e.mutable_command()->set_value("./other");
         return withExecutor("t1", e);
       }(),
       nullptr},
      {"too much",
       commandTask("t1", [](auto& t) { *t.add_resources() = inRole(scalar("cpus", 8)); }),
       "Total resources cpus(allocated: r)(*):9; mem(allocated: r)(*):128 required by task and "
       "its executor is more than available cpus(allocated: r)(*):4; mem(allocated: r)(*):1024; "
       "disk(allocated: r)(*):1024; ports(allocated: r)(*):[31000-32000]"},
      {"ports outside the offer",
       commandTask("t1",
                   [](auto& t) {
                     *t.add_resources() = inRole(ranges("ports", {{80, 80}}));
                   }),
       "Total resources cpus(allocated: r)(*):1; mem(allocated: r)(*):128; ports(allocated: "
       "r)(*):[80-80] required by task and its executor is more than available cpus(allocated: "
       "r)(*):4; mem(allocated: r)(*):1024; disk(allocated: r)(*):1024; ports(allocated: "
       "r)(*):[31000-32000]"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    Try<Nothing> result = validateTask(c.task, fixture.context());
    if (c.error == nullptr) {
      REQUIRE_FALSE(result);
      CHECK(result.error().message.rfind(
                "ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID.",
                0) == 0);
    } else {
      CHECK(result.message() == c.error);
    }
  }
}

TEST_CASE("validateTask: a new executor's resources count against what is available")
{
  TaskFixture fixture;
  fixture.available = bag({inRole(scalar("cpus", 1)), inRole(scalar("mem", 160))});
  ExecutorInfo e = executor("e1", ExecutorInfo::CUSTOM,
                            {inRole(scalar("cpus", 0.5)), inRole(scalar("mem", 32))});
  TaskInfo t = task("t1", [&](TaskInfo& info) { *info.mutable_executor() = e; });

  CHECK(validateTask(t, fixture.context()).message() ==
        "Total resources cpus(allocated: r)(*):1.5; mem(allocated: r)(*):160 required by task and "
        "its executor is more than available cpus(allocated: r)(*):1; mem(allocated: r)(*):160");

  e.mutable_framework_id()->set_value("f1");
  fixture.executors["e1"] = e;  // already running: only the task's resources count
  CHECK(validateTask(t, fixture.context()).message() == "");
}

TEST_CASE("validateTask: persistent volumes")
{
  TaskFixture fixture;
  Resource volumeOne = inRole(reserved(volume(10, "v1"), "r"));
  fixture.available += volumeOne;
  TaskInfo t = commandTask("t1", [&](TaskInfo& info) {
    *info.add_resources() = volumeOne;
    *info.add_resources() = volumeOne;
  });
  CHECK(validateTask(t, fixture.context()).message() ==
        "Task uses duplicate persistence ID: Persistence ID 'v1' is not unique");

  TaskInfo once = commandTask("t1", [&](TaskInfo& info) { *info.add_resources() = volumeOne; });
  CHECK(validateTask(once, fixture.context()).message() == "");

  Resource unreservedVolume = inRole(volume(10, "v2"));
  TaskInfo bad =
      commandTask("t1", [&](TaskInfo& info) { *info.add_resources() = unreservedVolume; });
  CHECK(validateTask(bad, fixture.context()).message() ==
        "Task uses invalid resources: Invalid DiskInfo: Persistent volumes cannot be created from "
        "unreserved resources");
}
