// A real master and two real agents on loopback, driven by a v1 framework of
// our own (tests/integration/test_scheduler.hpp) in JSON and in protobuf, the
// way Mesos frameworks drive Mesos.

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <set>

#include "tests/integration/cluster.hpp"
#include "tests/integration/test_scheduler.hpp"

using namespace nucleus::testing;
using mesos::v1::TaskState;
using nucleus::scheduler::Encoding;

namespace {

const char* nameOf(Encoding encoding) { return encoding == Encoding::Json ? "JSON" : "protobuf"; }

// The sandbox of `taskId`'s command executor under an agent's work dir:
// slaves/<agent>/frameworks/<fw>/executors/<task>/runs/<container>.
std::optional<std::filesystem::path> sandboxOf(const std::string& workDir, const std::string& taskId)
{
  for (const auto& entry : std::filesystem::recursive_directory_iterator(workDir)) {
    const auto& path = entry.path();
    if (path.filename() == "stdout" && path.parent_path().parent_path().parent_path().filename() ==
                                           taskId) {
      return path.parent_path();
    }
  }
  return std::nullopt;
}

mesos::v1::Offer firstOffer(TestScheduler& scheduler, const Cluster& cluster)
{
  auto offers = scheduler.waitFor(Event::OFFERS);
  REQUIRE_MESSAGE(offers.has_value(), cluster.logs());
  REQUIRE(offers->offers().offers_size() > 0);
  return offers->offers().offers(0);
}

}  // namespace

TEST_CASE("a command task runs to TASK_FINISHED, in JSON and in protobuf")
{
  Cluster cluster;
  for (Encoding encoding : {Encoding::Json, Encoding::Protobuf}) {
    CAPTURE(nameOf(encoding));
    TestScheduler scheduler(cluster.masterPort(), encoding);
    REQUIRE_MESSAGE(scheduler.subscribe(testFramework(std::string("finisher-") + nameOf(encoding))),
                    (scheduler.closeReason() + cluster.logs()));
    CHECK_FALSE(scheduler.frameworkId().value().empty());

    mesos::v1::Offer offer = firstOffer(scheduler, cluster);
    CHECK(offer.framework_id().value() == scheduler.frameworkId().value());
    CHECK(offer.hostname().size() > 0);
    const std::string taskId = std::string("echo-") + nameOf(encoding);
    CHECK(scheduler.launch(offer, {commandTask(taskId, "echo hello from nucleus", offer)}).status ==
          202);

    auto running = scheduler.waitForUpdate(taskId, mesos::v1::TASK_RUNNING);
    REQUIRE_MESSAGE(running.has_value(), cluster.logs());
    CHECK(running->agent_id().value() == offer.agent_id().value());
    auto finished = scheduler.waitForUpdate(taskId, mesos::v1::TASK_FINISHED);
    REQUIRE_MESSAGE(finished.has_value(), cluster.logs());
    CHECK(finished->has_uuid());

    // The task's output is in its sandbox on the agent that ran it.
    bool found = false;
    for (size_t i = 0; i < 2; ++i) {
      if (auto sandbox = sandboxOf(cluster.workDir(i), taskId)) {
        CHECK(readFile(*sandbox / "stdout").find("hello from nucleus") != std::string::npos);
        found = true;
      }
    }
    CHECK(found);
  }
}

TEST_CASE("a failing task reports its exit status and a killed task ends TASK_KILLED")
{
  Cluster cluster;
  TestScheduler scheduler(cluster.masterPort(), Encoding::Json);
  REQUIRE_MESSAGE(scheduler.subscribe(testFramework("failer")), cluster.logs());

  mesos::v1::Offer offer = firstOffer(scheduler, cluster);
  REQUIRE(scheduler
              .launch(offer, {commandTask("fails", "exit 3", offer),
                              commandTask("sleeps", "sleep 1000", offer)})
              .status == 202);

  auto failed = scheduler.waitForUpdate("fails", mesos::v1::TASK_FAILED);
  REQUIRE_MESSAGE(failed.has_value(), cluster.logs());
  CHECK(failed->message() == "Command exited with status 3");

  REQUIRE(scheduler.waitForUpdate("sleeps", mesos::v1::TASK_RUNNING).has_value());
  Call kill;
  kill.set_type(Call::KILL);
  kill.mutable_kill()->mutable_task_id()->set_value("sleeps");
  CHECK(scheduler.send(kill).status == 202);
  // TASK_KILLING_STATE is on, so TASK_KILLING comes first.
  CHECK(scheduler.waitForUpdate("sleeps", mesos::v1::TASK_KILLING).has_value());
  CHECK(scheduler.waitForUpdate("sleeps", mesos::v1::TASK_KILLED).has_value());
}

TEST_CASE("a task survives its scheduler failing over, and reconciliation reports it")
{
  Cluster cluster;
  mesos::v1::FrameworkInfo framework = testFramework("failover");
  framework.set_failover_timeout(60);
  mesos::v1::FrameworkID id;
  {
    TestScheduler first(cluster.masterPort(), Encoding::Protobuf);
    REQUIRE_MESSAGE(first.subscribe(framework), cluster.logs());
    id = first.frameworkId();
    mesos::v1::Offer offer = firstOffer(first, cluster);
    REQUIRE(first.launch(offer, {commandTask("long", "sleep 1000", offer)}).status == 202);
    REQUIRE(first.waitForUpdate("long", mesos::v1::TASK_RUNNING).has_value());
  }  // the scheduler goes away: its stream closes

  TestScheduler second(cluster.masterPort(), Encoding::Json);
  *framework.mutable_id() = id;
  REQUIRE_MESSAGE(second.subscribe(framework), cluster.logs());
  CHECK(second.frameworkId().value() == id.value());

  // Explicit reconciliation of the task, then implicit of all.
  Call reconcile;
  reconcile.set_type(Call::RECONCILE);
  reconcile.mutable_reconcile()->add_tasks()->mutable_task_id()->set_value("long");
  CHECK(second.send(reconcile).status == 202);
  auto state = second.waitForUpdate("long", mesos::v1::TASK_RUNNING);
  REQUIRE(state.has_value());
  CHECK(state->reason() == mesos::v1::TaskStatus::REASON_RECONCILIATION);

  Call implicit;
  implicit.set_type(Call::RECONCILE);
  implicit.mutable_reconcile();
  CHECK(second.send(implicit).status == 202);
  CHECK(second.waitForUpdate("long", mesos::v1::TASK_RUNNING).has_value());

  // Reconciling an unknown task: a partition-aware framework hears TASK_UNKNOWN.
  Call unknown;
  unknown.set_type(Call::RECONCILE);
  auto* task = unknown.mutable_reconcile()->add_tasks();
  task->mutable_task_id()->set_value("never-launched");
  CHECK(second.send(unknown).status == 202);
  CHECK(second.waitForUpdate("never-launched", mesos::v1::TASK_UNKNOWN).has_value());
}

TEST_CASE("a task group runs under the default executor")
{
  Cluster cluster;
  TestScheduler scheduler(cluster.masterPort(), Encoding::Json);
  REQUIRE_MESSAGE(scheduler.subscribe(testFramework("grouper")), cluster.logs());
  mesos::v1::Offer offer = firstOffer(scheduler, cluster);

  Call call;
  call.set_type(Call::ACCEPT);
  *call.mutable_accept()->add_offer_ids() = offer.id();
  auto* operation = call.mutable_accept()->add_operations();
  operation->set_type(mesos::v1::Offer::Operation::LAUNCH_GROUP);
  auto* group = operation->mutable_launch_group();
  mesos::v1::ExecutorInfo* executor = group->mutable_executor();
  executor->set_type(mesos::v1::ExecutorInfo::DEFAULT);
  executor->mutable_executor_id()->set_value("group-executor");
  *executor->mutable_framework_id() = scheduler.frameworkId();
  *executor->mutable_resources() = commandTask("x", "true", offer, "cpus:0.1;mem:32;disk:32").resources();
  // As Mesos: a task group's executor must have cpus, mem and disk.
  *group->mutable_task_group()->add_tasks() = commandTask("first", "echo one", offer);
  *group->mutable_task_group()->add_tasks() = commandTask("second", "echo two", offer);
  REQUIRE(scheduler.send(call).status == 202);

  CHECK_MESSAGE(scheduler.waitForUpdate("first", mesos::v1::TASK_FINISHED).has_value(),
                (scheduler.updatesSeen() + cluster.logs()));
  CHECK(scheduler.waitForUpdate("second", mesos::v1::TASK_FINISHED).has_value());
}

TEST_CASE("a custom executor speaks the v1 executor API to the agent")
{
  Cluster cluster;
  TestScheduler scheduler(cluster.masterPort(), Encoding::Protobuf);
  REQUIRE_MESSAGE(scheduler.subscribe(testFramework("custom")), cluster.logs());
  mesos::v1::Offer offer = firstOffer(scheduler, cluster);

  // A framework's own executor (a Python script using only the standard
  // library), with the task's payload in `data`.
  mesos::v1::TaskInfo task = commandTask("custom-task", "unused", offer);
  task.clear_command();
  task.set_data("payload 42");
  mesos::v1::ExecutorInfo* executor = task.mutable_executor();
  executor->mutable_executor_id()->set_value("my-executor");
  executor->set_name("my executor");
  executor->mutable_command()->set_value(std::string("python3 ") + NUCLEUS_SOURCE_DIR +
                                         "/tests/integration/fixtures/custom_executor.py");
  *executor->mutable_resources() = commandTask("x", "true", offer, "cpus:0.1;mem:32").resources();
  REQUIRE(scheduler.launch(offer, {task}).status == 202);

  auto running = scheduler.waitForUpdate("custom-task", mesos::v1::TASK_RUNNING);
  REQUIRE_MESSAGE(running.has_value(), cluster.logs());
  CHECK(running->source() == mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  auto finished = scheduler.waitForUpdate("custom-task", mesos::v1::TASK_FINISHED);
  REQUIRE_MESSAGE(finished.has_value(), cluster.logs());
  CHECK(finished->message() == "ran payload 42");
  CHECK(finished->executor_id().value() == "my-executor");
}

TEST_CASE("offers of an agent that dies are rescinded and its tasks are reported")
{
  Cluster cluster;
  TestScheduler scheduler(cluster.masterPort(), Encoding::Json);
  // Checkpointing, so that (as Mesos) its tasks outlive the agent's disconnection and
  // become unreachable only when the agent misses its pings.
  mesos::v1::FrameworkInfo framework = testFramework("watcher");
  framework.set_checkpoint(true);
  REQUIRE_MESSAGE(scheduler.subscribe(framework), cluster.logs());

  // Hold an offer from each agent; launch a task on one of them.
  std::map<std::string, mesos::v1::Offer> byAgent;
  REQUIRE(waitUntil([&] {
    if (auto offers = scheduler.waitFor(Event::OFFERS, std::chrono::seconds(1))) {
      for (const auto& offer : offers->offers().offers()) byAgent[offer.agent_id().value()] = offer;
    }
    return byAgent.size() == 2;
  }));
  // Agent 0's id: the one whose offers come from the agent on agentPort(0).
  std::string deadAgent;
  for (const auto& [agentId, offer] : byAgent) {
    if (offer.url().address().port() == cluster.agentPort(0)) deadAgent = agentId;
  }
  REQUIRE_FALSE(deadAgent.empty());
  REQUIRE(scheduler.launch(byAgent[deadAgent],
                           {commandTask("doomed", "sleep 1000", byAgent[deadAgent])})
              .status == 202);
  REQUIRE(scheduler.waitForUpdate("doomed", mesos::v1::TASK_RUNNING).has_value());
  // A fresh offer from the agent that will die, held by the framework.
  Call revive;
  revive.set_type(Call::REVIVE);
  scheduler.send(revive);

  cluster.agent(0).process().stop(SIGKILL);

  // The task becomes unreachable (the framework is partition-aware).
  auto unreachable =
      scheduler.waitForUpdate("doomed", mesos::v1::TASK_UNREACHABLE, std::chrono::seconds(30));
  REQUIRE_MESSAGE(unreachable.has_value(), (scheduler.updatesSeen() + cluster.logs()));
  // No offer of the dead agent is outstanding: every one was rescinded or used.
  CHECK(scheduler.waitFor(Event::RESCIND, std::chrono::seconds(10)).has_value());
}
