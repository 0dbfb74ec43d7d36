// The default executor as a real process against a fake agent: task groups,
// their restart policy (one fails or is killed: the others are killed), and
// its exit.

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

#include "tests/kernel/executor/executor_harness.hpp"

using namespace nucleus::testing;
using namespace std::chrono_literals;
using mesos::v1::TaskState;

namespace {

using States = std::vector<TaskState>;

}  // namespace

TEST_CASE("every task of a group runs; each ends TASK_FINISHED; the executor exits")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "default");
  REQUIRE_MESSAGE(agent.waitForSubscribe(), executor.log());
  REQUIRE(agent.launchGroup(
      {shellTask("a", "printf \"$WHO\" > \"$MESOS_SANDBOX/who\"", {{"WHO", "alpha"}}),
       shellTask("b", "echo to-stdout; exit 0")}));

  for (std::string id : {"a", "b"}) {
    CAPTURE(id);
    auto finished = agent.waitForUpdate(id, mesos::v1::TASK_FINISHED);
    REQUIRE_MESSAGE(finished.has_value(), executor.log());
    CHECK(finished->message() == "Command exited with status 0");
    CHECK(agent.states(id) ==
          States{mesos::v1::TASK_STARTING, mesos::v1::TASK_RUNNING, mesos::v1::TASK_FINISHED});
  }
  // Each task has its own sandbox with its output, as tasks/<id> in Mesos.
  CHECK(readFile(executor.sandbox.path() / "tasks" / "a" / "who") == "alpha");
  CHECK(readFile(executor.sandbox.path() / "tasks" / "b" / "stdout") == "to-stdout\n");
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
}

TEST_CASE("when one task of a group fails, the others are killed")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "default", {}, {"--content_type=json"});
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(
      agent.launchGroup({shellTask("sleeper", "sleep 60"), shellTask("failer", "sleep 0.2; exit 3"),
                         shellTask("other", "sleep 60")}));

  auto failed = agent.waitForUpdate("failer", mesos::v1::TASK_FAILED);
  REQUIRE_MESSAGE(failed.has_value(), executor.log());
  CHECK(failed->message() == "Command exited with status 3");
  for (std::string id : {"sleeper", "other"}) {
    CAPTURE(id);
    auto killed = agent.waitForUpdate(id, mesos::v1::TASK_KILLED);
    REQUIRE_MESSAGE(killed.has_value(), executor.log());
    CHECK(killed->message() == "Command terminated with signal Terminated");
  }
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
}

TEST_CASE("KILL of one task kills its group; TASK_KILLING first if the framework can take it")
{
  FakeAgent agent(FakeAgent::Options{.taskKillingState = true});
  ExecutorRun executor(agent, "default");
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(
      agent.launchGroup({shellTask("a", "sleep 60"), shellTask("b", "trap '' TERM; sleep 60")}));
  REQUIRE(agent.waitForUpdate("b", mesos::v1::TASK_RUNNING).has_value());
  REQUIRE(agent.kill("a"));

  auto killed = agent.waitForUpdate("a", mesos::v1::TASK_KILLED);
  REQUIRE_MESSAGE(killed.has_value(), executor.log());
  CHECK(agent.states("a") == States{mesos::v1::TASK_STARTING, mesos::v1::TASK_RUNNING,
                                    mesos::v1::TASK_KILLING, mesos::v1::TASK_KILLED});
  // b ignores SIGTERM: SIGKILL after the default grace period of 3 seconds.
  auto killedB = agent.waitForUpdate("b", mesos::v1::TASK_KILLED);
  REQUIRE_MESSAGE(killedB.has_value(), executor.log());
  CHECK(killedB->message() == "Command terminated with signal Killed");
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
}

TEST_CASE("further task groups are accepted while the executor runs")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "default");
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(agent.launchGroup({shellTask("first", "sleep 60")}));
  REQUIRE(agent.waitForUpdate("first", mesos::v1::TASK_RUNNING).has_value());
  REQUIRE(agent.launchGroup({shellTask("second", "exit 0")}));
  REQUIRE_MESSAGE(agent.waitForUpdate("second", mesos::v1::TASK_FINISHED).has_value(),
                  executor.log());
  // The first group is not affected by the second one finishing.
  CHECK(agent.states("first") == States{mesos::v1::TASK_STARTING, mesos::v1::TASK_RUNNING});
  REQUIRE(agent.shutdown());
  CHECK(agent.waitForUpdate("first", mesos::v1::TASK_KILLED).has_value());
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
}

TEST_CASE("the default executor refuses a single-task LAUNCH by shutting down")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "default");
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(agent.launch(shellTask("t1", "exit 0")));
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
  CHECK(agent.states("t1").empty());
}
