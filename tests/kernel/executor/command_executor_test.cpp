// The command executor as a real process against a fake agent: what a
// framework sees of its task (the updates and their messages) and whether
// the executor exits.

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>

#include "tests/kernel/executor/executor_harness.hpp"

using namespace nucleus::testing;
using namespace std::chrono_literals;
using mesos::v1::TaskState;

namespace {

using States = std::vector<TaskState>;

}  // namespace

TEST_CASE("a command that exits 0 is TASK_FINISHED, and the executor exits")
{
  for (std::string contentType : {"protobuf", "json"}) {
    CAPTURE(contentType);
    FakeAgent agent;
    ExecutorRun executor(agent, "command", {}, {"--content_type=" + contentType});
    REQUIRE_MESSAGE(agent.waitForSubscribe(), executor.log());
    REQUIRE(agent.launch(shellTask("t1", "exit 0")));

    auto finished = agent.waitForUpdate("t1", mesos::v1::TASK_FINISHED);
    REQUIRE_MESSAGE(finished.has_value(), executor.log());
    CHECK(finished->message() == "Command exited with status 0");
    CHECK(agent.states("t1") ==
          States{mesos::v1::TASK_STARTING, mesos::v1::TASK_RUNNING, mesos::v1::TASK_FINISHED});
    CHECK(finished->uuid().size() == 16);
    CHECK(finished->source() == mesos::v1::TaskStatus::SOURCE_EXECUTOR);
    CHECK(finished->executor_id().value() == agent.executorId());
    CHECK(finished->agent_id().value() == agent.agentId());
    CHECK(finished->timestamp() > 0);
    CHECK_MESSAGE(executor.exitedWith(0), executor.log());

    // SUBSCRIBE named the executor and its framework.
    auto subscribes = agent.subscribes();
    REQUIRE(subscribes.size() == 1);
    CHECK(subscribes[0].executor_id().value() == agent.executorId());
    CHECK(subscribes[0].framework_id().value() == agent.frameworkId());
  }
}

TEST_CASE("a command that exits 3 is TASK_FAILED with Mesos' message")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "command");
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(agent.launch(shellTask("t1", "exit 3")));
  auto failed = agent.waitForUpdate("t1", mesos::v1::TASK_FAILED);
  REQUIRE_MESSAGE(failed.has_value(), executor.log());
  CHECK(failed->message() == "Command exited with status 3");
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
}

TEST_CASE("the CommandInfo's environment reaches the command, which runs in the sandbox")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "command");
  REQUIRE(agent.waitForSubscribe());

  SUBCASE("shell command")
  {
    REQUIRE(
        agent.launch(shellTask("t1", "printf '%s/%s' \"$GREETING\" \"$MESOS_EXECUTOR_ID\" > out",
                               {{"GREETING", "hello world"}})));
  }
  SUBCASE("executable with arguments")
  {
    auto task = shellTask("t1", "/bin/sh", {{"GREETING", "hello world"}});
    task.mutable_command()->set_shell(false);
    task.mutable_command()->add_arguments("sh");
    task.mutable_command()->add_arguments("-c");
    task.mutable_command()->add_arguments(
        "printf '%s/%s' \"$GREETING\" \"$MESOS_EXECUTOR_ID\" > out");
    REQUIRE(agent.launch(task));
  }
  REQUIRE_MESSAGE(agent.waitForUpdate("t1", mesos::v1::TASK_FINISHED).has_value(), executor.log());
  CHECK(readFile(executor.sandbox.path() / "out") == "hello world/executor-1");
  CHECK(executor.exitedWith(0));
}

TEST_CASE("a command that cannot start is TASK_FAILED")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "command");
  REQUIRE(agent.waitForSubscribe());
  auto task = shellTask("t1", "/no/such/program");
  task.mutable_command()->set_shell(false);
  REQUIRE(agent.launch(task));
  auto failed = agent.waitForUpdate("t1", mesos::v1::TASK_FAILED);
  REQUIRE_MESSAGE(failed.has_value(), executor.log());
  CHECK(failed->message().find("/no/such/program") != std::string::npos);
  CHECK(executor.exitedWith(0));
}

TEST_CASE("KILL sends SIGTERM: TASK_KILLING if the framework can take it, then TASK_KILLED")
{
  for (bool killingState : {false, true}) {
    CAPTURE(killingState);
    FakeAgent agent(FakeAgent::Options{.taskKillingState = killingState});
    ExecutorRun executor(agent, "command");
    REQUIRE(agent.waitForSubscribe());
    REQUIRE(agent.launch(shellTask("t1", "sleep 60")));
    REQUIRE(agent.waitForUpdate("t1", mesos::v1::TASK_RUNNING).has_value());
    auto start = std::chrono::steady_clock::now();
    REQUIRE(agent.kill("t1"));

    auto killed = agent.waitForUpdate("t1", mesos::v1::TASK_KILLED);
    REQUIRE_MESSAGE(killed.has_value(), executor.log());
    CHECK(killed->message() == "Command terminated with signal Terminated");
    CHECK(std::chrono::steady_clock::now() - start < 3s);  // SIGTERM did it, not the escalation
    States expected{mesos::v1::TASK_STARTING, mesos::v1::TASK_RUNNING};
    if (killingState) expected.push_back(mesos::v1::TASK_KILLING);
    expected.push_back(mesos::v1::TASK_KILLED);
    CHECK(agent.states("t1") == expected);
    CHECK(executor.exitedWith(0));
  }
}

TEST_CASE("a command that ignores SIGTERM is SIGKILLed after the grace period")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "command");
  REQUIRE(agent.waitForSubscribe());
  auto task = shellTask("t1", "trap '' TERM; touch ready; sleep 60");
  SUBCASE("grace period of the KILL event")
  {
    REQUIRE(agent.launch(task));
    REQUIRE(waitUntil([&] { return std::filesystem::exists(executor.sandbox / "ready"); }));
    REQUIRE(agent.kill("t1", 700ms));
  }
  SUBCASE("grace period of the task's kill policy")
  {
    task.mutable_kill_policy()->mutable_grace_period()->set_nanoseconds(700'000'000);
    REQUIRE(agent.launch(task));
    REQUIRE(waitUntil([&] { return std::filesystem::exists(executor.sandbox / "ready"); }));
    REQUIRE(agent.kill("t1"));
  }
  auto start = std::chrono::steady_clock::now();
  auto killed = agent.waitForUpdate("t1", mesos::v1::TASK_KILLED);
  REQUIRE_MESSAGE(killed.has_value(), executor.log());
  CHECK(killed->message() == "Command terminated with signal Killed");
  CHECK(std::chrono::steady_clock::now() - start >= 600ms);
  CHECK(executor.exitedWith(0));
}

TEST_CASE("SHUTDOWN kills the task and the executor exits")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "command");
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(agent.launch(shellTask("t1", "sleep 60")));
  REQUIRE(agent.waitForUpdate("t1", mesos::v1::TASK_RUNNING).has_value());
  REQUIRE(agent.shutdown());
  auto killed = agent.waitForUpdate("t1", mesos::v1::TASK_KILLED);
  REQUIRE_MESSAGE(killed.has_value(), executor.log());
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
}

TEST_CASE("SIGTERM to the executor is handled like SHUTDOWN")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "command");
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(agent.launch(shellTask("t1", "sleep 60")));
  REQUIRE(agent.waitForUpdate("t1", mesos::v1::TASK_RUNNING).has_value());
  ::kill(executor.process->pid(), SIGTERM);
  auto killed = agent.waitForUpdate("t1", mesos::v1::TASK_KILLED);
  REQUIRE_MESSAGE(killed.has_value(), executor.log());
  CHECK(killed->message() == "Command terminated with signal Terminated");
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
}

TEST_CASE("a second LAUNCH is refused with TASK_FAILED")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "command");
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(agent.launch(shellTask("t1", "sleep 60")));
  REQUIRE(agent.waitForUpdate("t1", mesos::v1::TASK_RUNNING).has_value());
  REQUIRE(agent.launch(shellTask("t2", "exit 0")));
  auto refused = agent.waitForUpdate("t2", mesos::v1::TASK_FAILED);
  REQUIRE(refused.has_value());
  CHECK(refused->message() == "Attempted to run multiple tasks using a \"command\" executor");
  REQUIRE(agent.kill("t1"));
  CHECK(agent.waitForUpdate("t1", mesos::v1::TASK_KILLED).has_value());
  CHECK(executor.exitedWith(0));
}

TEST_CASE("a checkpointing executor re-subscribes with its unacknowledged updates and task")
{
  FakeAgent agent(FakeAgent::Options{.autoAcknowledge = false});
  ExecutorRun executor(agent, "command",
                       {{"MESOS_CHECKPOINT", "1"},
                        {"MESOS_RECOVERY_TIMEOUT", "1mins"},
                        {"MESOS_SUBSCRIPTION_BACKOFF_MAX", "200ms"}});
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(agent.launch(shellTask("t1", "sleep 60")));
  REQUIRE(agent.waitForUpdate("t1", mesos::v1::TASK_RUNNING).has_value());

  agent.closeStream();  // the agent restarts
  REQUIRE_MESSAGE(agent.waitForSubscribe(2), executor.log());
  auto resubscribe = agent.subscribes().at(1).subscribe();
  REQUIRE(resubscribe.unacknowledged_updates_size() == 2);
  CHECK(resubscribe.unacknowledged_updates(0).status().state() == mesos::v1::TASK_STARTING);
  CHECK(resubscribe.unacknowledged_updates(1).status().state() == mesos::v1::TASK_RUNNING);
  REQUIRE(resubscribe.unacknowledged_tasks_size() == 1);
  CHECK(resubscribe.unacknowledged_tasks(0).task_id().value() == "t1");

  // Acknowledged now, so the next subscription carries nothing.
  agent.acknowledgeAll();
  agent.setAutoAcknowledge(true);
  agent.closeStream();
  REQUIRE(agent.waitForSubscribe(3));
  CHECK(agent.subscribes().at(2).subscribe().unacknowledged_updates_size() == 0);
  CHECK(agent.subscribes().at(2).subscribe().unacknowledged_tasks_size() == 0);

  REQUIRE(agent.kill("t1"));
  CHECK(agent.waitForUpdate("t1", mesos::v1::TASK_KILLED).has_value());
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
}

TEST_CASE("without checkpointing, losing the agent shuts the executor down")
{
  FakeAgent agent;
  ExecutorRun executor(agent, "command");
  REQUIRE(agent.waitForSubscribe());
  REQUIRE(agent.launch(shellTask("t1", "touch started; sleep 60; touch survived")));
  REQUIRE(agent.waitForUpdate("t1", mesos::v1::TASK_RUNNING).has_value());
  agent.closeStream();
  CHECK_MESSAGE(executor.exitedWith(0, 20s), executor.log());
  CHECK(agent.subscribes().size() == 1);
}

TEST_CASE("without the agent's environment the executor says what is missing")
{
  Output output = run({executorBinary(), "command"}, {{"MESOS_FRAMEWORK_ID", ""}});
  CHECK(output.exitCode == 1);
  CHECK(output.out.find("Expecting 'MESOS_FRAMEWORK_ID' to be set in the environment") !=
        std::string::npos);
  output = run({executorBinary(), "bogus"});
  CHECK(output.exitCode == 1);
  CHECK(output.out.find("Unknown executor 'bogus'") != std::string::npos);
}

TEST_CASE("`nucleus executor command` is the same executor")
{
  std::string binary = env("NUCLEUS_BINARY");
  if (binary.empty() || !std::filesystem::exists(binary)) {
    MESSAGE(
        "skipped: NUCLEUS_BINARY (the built nucleus) is not there; run through ctest after "
        "building the nucleus target");
    return;
  }
  FakeAgent agent;
  ExecutorRun executor(agent, "command", {}, {}, {binary, "executor"});
  REQUIRE_MESSAGE(agent.waitForSubscribe(), executor.log());
  REQUIRE(agent.launch(shellTask("t1", "exit 3")));
  auto failed = agent.waitForUpdate("t1", mesos::v1::TASK_FAILED);
  REQUIRE_MESSAGE(failed.has_value(), executor.log());
  CHECK(failed->message() == "Command exited with status 3");
  CHECK_MESSAGE(executor.exitedWith(0), executor.log());
}
