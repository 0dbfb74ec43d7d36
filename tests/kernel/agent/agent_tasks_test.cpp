// The agent end to end: registration with a fake master, a command task run
// by the real command executor through the real containerizer, status update
// retries, kills, executor registration timeouts and re-registration.

#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "nucleus/module/resources.hpp"
#include "tests/kernel/agent/agent_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace nucleus::agent::testing {

using nucleus::internal::AgentCall;
using nucleus::internal::AgentEvent;

namespace {

std::vector<mesos::v1::TaskState> statesOf(const FakeMaster& master, const std::string& taskId)
{
  std::vector<mesos::v1::TaskState> states;
  for (const auto& status : master.updates()) {
    if (status.task_id().value() == taskId) states.push_back(status.state());
  }
  return states;
}

std::optional<mesos::v1::TaskStatus> lastUpdate(const FakeMaster& master, const std::string& taskId)
{
  std::optional<mesos::v1::TaskStatus> last;
  for (const auto& status : master.updates()) {
    if (status.task_id().value() == taskId) last = status;
  }
  return last;
}

}  // namespace

TEST_CASE("the agent registers with its detected resources")
{
  AgentSettings settings = fastSettings();
  settings.attributes = "rack:r1;level:3";
  AgentFixture fixture(settings);
  REQUIRE(fixture.master->waitForCalls(AgentCall::REGISTER, 1));

  const mesos::v1::AgentInfo info =
      fixture.master->callsOf(AgentCall::REGISTER).front().register_().agent_info();
  CHECK_FALSE(info.has_id());
  CHECK(info.port() == fixture.port);
  CHECK_FALSE(info.hostname().empty());
  Resources resources(info.resources());
  CHECK(resources.cpus() == static_cast<double>(std::thread::hardware_concurrency()));
  CHECK(resources.mem().value_or(0) > 0);
  CHECK(resources.disk().value_or(0) > 0);
  REQUIRE(resources.ports().has_value());
  REQUIRE(resources.ports()->range_size() == 1);
  CHECK(resources.ports()->range(0).begin() == 31000);
  CHECK(resources.ports()->range(0).end() == 32000);
  REQUIRE(info.attributes_size() == 2);
  CHECK(info.attributes(0).name() == "rack");
  CHECK(info.attributes(0).text().value() == "r1");
  CHECK(info.attributes(1).scalar().value() == 3);
}

TEST_CASE("a command task runs to TASK_FINISHED with its output in the sandbox")
{
  AgentFixture fixture;
  REQUIRE(fixture.waitRegistered());

  fixture.master->send(runCommandTask("task-1", "echo hello-from-task", fixture.master->agentId()));
  REQUIRE(fixture.master->waitForUpdate("task-1", mesos::v1::TASK_FINISHED));
  std::vector<mesos::v1::TaskState> states = statesOf(*fixture.master, "task-1");
  // As Mesos 1.5's command executor: TASK_STARTING, TASK_RUNNING, TASK_FINISHED.
  REQUIRE(states.size() >= 3);
  CHECK(states[0] == mesos::v1::TASK_STARTING);
  CHECK(states[1] == mesos::v1::TASK_RUNNING);
  CHECK(states.back() == mesos::v1::TASK_FINISHED);

  std::optional<mesos::v1::TaskStatus> finished = lastUpdate(*fixture.master, "task-1");
  REQUIRE(finished.has_value());
  CHECK(finished->has_uuid());
  CHECK(finished->agent_id().value() == fixture.master->agentId());
  CHECK(finished->executor_id().value() == "task-1");
  CHECK(finished->source() == mesos::v1::TaskStatus::SOURCE_EXECUTOR);

  std::optional<std::filesystem::path> sandbox = fixture.sandbox("task-1");
  REQUIRE(sandbox.has_value());
  CHECK(nucleus::testing::readFile(*sandbox / "stdout").find("hello-from-task") !=
        std::string::npos);
}

TEST_CASE("an unacknowledged status update is retried until acknowledged")
{
  AgentFixture fixture;
  fixture.master->setAutoAcknowledge(false);
  REQUIRE(fixture.waitRegistered());
  fixture.master->send(runCommandTask("task-2", "true", fixture.master->agentId()));

  // The first update (TASK_STARTING) comes again and again, alone.
  REQUIRE(
      nucleus::testing::waitUntil([&] { return statesOf(*fixture.master, "task-2").size() >= 3; }));
  std::vector<mesos::v1::TaskStatus> updates = fixture.master->updates();
  CHECK(updates[0].state() == mesos::v1::TASK_STARTING);
  CHECK(updates[1].uuid() == updates[0].uuid());
  CHECK(updates[2].uuid() == updates[0].uuid());

  // Each acknowledgement lets the next update out, up to TASK_FINISHED.
  std::string acknowledged;
  REQUIRE(nucleus::testing::waitUntil([&] {
    mesos::v1::TaskStatus latest = fixture.master->updates().back();
    if (latest.state() == mesos::v1::TASK_FINISHED) return true;
    if (latest.uuid() != acknowledged) {
      acknowledged = latest.uuid();
      fixture.master->acknowledge("framework-1", latest);
    }
    return false;
  }));
  std::vector<mesos::v1::TaskState> states = statesOf(*fixture.master, "task-2");
  CHECK(std::find(states.begin(), states.end(), mesos::v1::TASK_RUNNING) != states.end());
}

TEST_CASE("KILL_TASK ends a running task with TASK_KILLED")
{
  AgentFixture fixture;
  REQUIRE(fixture.waitRegistered());
  fixture.master->send(runCommandTask("task-3", "sleep 1000", fixture.master->agentId()));
  REQUIRE(fixture.master->waitForUpdate("task-3", mesos::v1::TASK_RUNNING));
  fixture.master->send(killTask("task-3"));
  REQUIRE(fixture.master->waitForUpdate("task-3", mesos::v1::TASK_KILLED));
}

TEST_CASE("an executor that never subscribes times out and its task fails")
{
  nucleus::testing::TempDir scripts;
  std::string silent = scripts.write("silent-executor", "#!/bin/sh\nexec sleep 1000\n");
  std::filesystem::permissions(silent, std::filesystem::perms::owner_all);

  AgentSettings settings = fastSettings();
  settings.executorBinary = silent;
  settings.executorRegistrationTimeout = Duration::seconds(1);
  AgentFixture fixture(settings);
  REQUIRE(fixture.waitRegistered());
  fixture.master->send(runCommandTask("task-4", "true", fixture.master->agentId()));
  REQUIRE(fixture.master->waitForUpdate("task-4", mesos::v1::TASK_FAILED));
  std::optional<mesos::v1::TaskStatus> failed = lastUpdate(*fixture.master, "task-4");
  REQUIRE(failed.has_value());
  CHECK(failed->reason() == mesos::v1::TaskStatus::REASON_EXECUTOR_REGISTRATION_TIMEOUT);
  CHECK(failed->source() == mesos::v1::TaskStatus::SOURCE_AGENT);
  CHECK(failed->message().find("Executor did not register within 1secs") != std::string::npos);
}

TEST_CASE("the agent re-registers when the master closes its stream")
{
  AgentFixture fixture;
  REQUIRE(fixture.waitRegistered());
  fixture.master->send(runCommandTask("task-5", "sleep 1000", fixture.master->agentId()));
  REQUIRE(fixture.master->waitForUpdate("task-5", mesos::v1::TASK_RUNNING));

  fixture.master->closeStream();
  REQUIRE(fixture.master->waitForCalls(AgentCall::REREGISTER, 1));
  AgentCall reregister = fixture.master->callsOf(AgentCall::REREGISTER).front();
  CHECK(reregister.reregister().agent_info().id().value() == fixture.master->agentId());
  REQUIRE(reregister.reregister().frameworks_size() == 1);
  CHECK(reregister.reregister().frameworks(0).id().value() == "framework-1");
  REQUIRE(reregister.reregister().tasks_size() == 1);
  CHECK(reregister.reregister().tasks(0).task_id().value() == "task-5");
  CHECK(reregister.reregister().tasks(0).state() == mesos::v1::TASK_RUNNING);
  // Command executors are not reported, as Mesos.
  CHECK(reregister.reregister().executors_size() == 0);

  // The new stream works: a kill over it reaches the task.
  fixture.master->send(killTask("task-5"));
  REQUIRE(fixture.master->waitForUpdate("task-5", mesos::v1::TASK_KILLED));
}

}  // namespace nucleus::agent::testing
