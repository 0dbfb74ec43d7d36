// Offers and tasks end to end: OFFERS -> ACCEPT(LAUNCH) -> RUN_TASK at the
// agent -> STATUS_UPDATE -> UPDATE -> ACKNOWLEDGE back to the agent; KILL,
// reconciliation, invalid tasks and offers, and DECLINE with a filter.

#include <doctest/doctest.h>

#include "kernel/master/ids.hpp"
#include "master_harness.hpp"

using namespace nucleus;
using namespace nucleus::testing;
using mesos::v1::TaskStatus;

namespace {

struct Cluster {
  MasterHarness harness;
  FakeAgent agent{harness};
  SchedulerClient scheduler{harness};
  mesos::v1::Offer offer;

  explicit Cluster(const mesos::v1::FrameworkInfo& info = frameworkInfo())
  {
    REQUIRE_FALSE(agent.registerAgent("cpus:4;mem:1024").empty());
    REQUIRE_FALSE(scheduler.subscribe(info).empty());
    std::optional<SchedulerEvent> offers = scheduler.waitFor(SchedulerEvent::OFFERS);
    REQUIRE(offers.has_value());
    offer = firstOffer(*offers);
  }

  // Launches `taskId` and waits for the agent's RUN_TASK. The rest of the
  // offer goes back without a filter (the default would refuse it for 5 s).
  void launch(const std::string& taskId)
  {
    size_t from = agent.events().size();
    SchedulerCall call = launchCall(offer, {taskInfo(taskId, offer)});
    call.mutable_accept()->mutable_filters()->set_refuse_seconds(0);
    REQUIRE(scheduler.call(call).status == 202);
    REQUIRE(agent.events().waitFor(
        [&](const AgentEvent& e) {
          return e.type() == AgentEvent::RUN_TASK && e.run_task().task().task_id().value() == taskId;
        },
        from));
  }

  std::string running(const std::string& taskId)
  {
    TaskStatus status;
    status.mutable_task_id()->set_value(taskId);
    status.set_state(mesos::v1::TASK_RUNNING);
    status.set_source(TaskStatus::SOURCE_EXECUTOR);
    std::string uuid = master::randomUuidBytes();
    status.set_uuid(uuid);
    REQUIRE(agent.statusUpdate(scheduler.frameworkId(), status).status == 202);
    return uuid;
  }
};

}  // namespace

TEST_CASE("Offers describe the agent and carry allocation info")
{
  Cluster cluster;
  const mesos::v1::Offer& offer = cluster.offer;
  CHECK(offer.agent_id().value() == cluster.agent.agentId());
  CHECK(offer.framework_id().value() == cluster.scheduler.frameworkId());
  CHECK(offer.hostname() == "agent1");
  CHECK(offer.allocation_info().role() == "*");
  CHECK(offer.url().address().port() == 5051);
  CHECK(Resources(offer.resources()).cpus() == 4);
  CHECK(cluster.harness.counts().offers == 1);
}

TEST_CASE("LAUNCH reaches the agent and status updates go round to ACKNOWLEDGE")
{
  Cluster cluster;
  cluster.launch("t1");
  std::optional<AgentEvent> run = cluster.agent.waitFor(AgentEvent::RUN_TASK);
  REQUIRE(run.has_value());
  CHECK(run->run_task().framework_info().id().value() == cluster.scheduler.frameworkId());

  // The unused resources come back as a new offer.
  std::optional<SchedulerEvent> reoffer = cluster.scheduler.events().waitFor(
      [&](const SchedulerEvent& e) {
        return e.type() == SchedulerEvent::OFFERS &&
               e.offers().offers(0).id().value() != cluster.offer.id().value();
      });
  REQUIRE(reoffer.has_value());
  CHECK(Resources(reoffer->offers().offers(0).resources()).cpus() == 3);

  std::string uuid = cluster.running("t1");
  std::optional<SchedulerEvent> update = cluster.scheduler.waitForUpdate("t1", mesos::v1::TASK_RUNNING);
  REQUIRE(update.has_value());
  CHECK(update->update().status().uuid() == uuid);

  SchedulerCall ack;
  ack.set_type(SchedulerCall::ACKNOWLEDGE);
  ack.mutable_acknowledge()->mutable_agent_id()->set_value(cluster.agent.agentId());
  ack.mutable_acknowledge()->mutable_task_id()->set_value("t1");
  ack.mutable_acknowledge()->set_uuid(uuid);
  CHECK(cluster.scheduler.call(ack).status == 202);
  std::optional<AgentEvent> acknowledged = cluster.agent.waitFor(AgentEvent::ACKNOWLEDGE);
  REQUIRE(acknowledged.has_value());
  CHECK(acknowledged->acknowledge().uuid() == uuid);
  CHECK(acknowledged->acknowledge().task_id().value() == "t1");
}

TEST_CASE("KILL of a known task goes to the agent; of an unknown one answers TASK_LOST")
{
  Cluster cluster;
  cluster.launch("t1");

  SchedulerCall kill;
  kill.set_type(SchedulerCall::KILL);
  kill.mutable_kill()->mutable_task_id()->set_value("t1");
  CHECK(cluster.scheduler.call(kill).status == 202);
  std::optional<AgentEvent> killed = cluster.agent.waitFor(AgentEvent::KILL_TASK);
  REQUIRE(killed.has_value());
  CHECK(killed->kill_task().task_id().value() == "t1");

  kill.mutable_kill()->mutable_task_id()->set_value("ghost");
  CHECK(cluster.scheduler.call(kill).status == 202);
  std::optional<SchedulerEvent> lost = cluster.scheduler.waitForUpdate("ghost", mesos::v1::TASK_LOST);
  REQUIRE(lost.has_value());
  CHECK(lost->update().status().reason() == TaskStatus::REASON_RECONCILIATION);
  CHECK_FALSE(lost->update().status().has_uuid());
}

TEST_CASE("Reconciliation answers the latest state, or why a task is unknown")
{
  Cluster cluster(frameworkInfo("*", {mesos::v1::FrameworkInfo::Capability::PARTITION_AWARE}));
  cluster.launch("t1");
  cluster.running("t1");
  REQUIRE(cluster.scheduler.waitForUpdate("t1", mesos::v1::TASK_RUNNING));

  size_t from = cluster.scheduler.events().size();
  SchedulerCall reconcile;
  reconcile.set_type(SchedulerCall::RECONCILE);
  reconcile.mutable_reconcile();  // implicit: every task
  CHECK(cluster.scheduler.call(reconcile).status == 202);
  std::optional<SchedulerEvent> implicit = cluster.scheduler.events().waitFor(
      [](const SchedulerEvent& e) {
        return e.type() == SchedulerEvent::UPDATE &&
               e.update().status().reason() == TaskStatus::REASON_RECONCILIATION;
      },
      from);
  REQUIRE(implicit.has_value());
  CHECK(implicit->update().status().task_id().value() == "t1");
  CHECK(implicit->update().status().state() == mesos::v1::TASK_RUNNING);

  auto* task = reconcile.mutable_reconcile()->add_tasks();
  task->mutable_task_id()->set_value("nobody");
  CHECK(cluster.scheduler.call(reconcile).status == 202);
  CHECK(cluster.scheduler.waitForUpdate("nobody", mesos::v1::TASK_UNKNOWN).has_value());

  task->mutable_agent_id()->set_value(cluster.agent.agentId());
  CHECK(cluster.scheduler.call(reconcile).status == 202);
  CHECK(cluster.scheduler.waitForUpdate("nobody", mesos::v1::TASK_GONE).has_value());
}

TEST_CASE("A duplicate task id gets TASK_ERROR with REASON_TASK_INVALID")
{
  Cluster cluster;
  mesos::v1::TaskInfo task = taskInfo("dup", cluster.offer);
  CHECK(cluster.scheduler.call(launchCall(cluster.offer, {task, task})).status == 202);
  std::optional<SchedulerEvent> error = cluster.scheduler.waitForUpdate("dup", mesos::v1::TASK_ERROR);
  REQUIRE(error.has_value());
  CHECK(error->update().status().reason() == TaskStatus::REASON_TASK_INVALID);
  CHECK(error->update().status().source() == TaskStatus::SOURCE_MASTER);
  CHECK_FALSE(error->update().status().message().empty());
  CHECK(cluster.harness.counts().tasks == 1);
}

TEST_CASE("ACCEPT of an offer that is gone answers TASK_LOST with REASON_INVALID_OFFERS")
{
  Cluster cluster;
  mesos::v1::Offer stale = cluster.offer;
  stale.mutable_id()->set_value("no-such-offer");
  CHECK(cluster.scheduler.call(launchCall(stale, {taskInfo("t9", stale)})).status == 202);
  std::optional<SchedulerEvent> lost = cluster.scheduler.waitForUpdate("t9", mesos::v1::TASK_LOST);
  REQUIRE(lost.has_value());
  CHECK(lost->update().status().reason() == TaskStatus::REASON_INVALID_OFFERS);
  CHECK(cluster.harness.counts().tasks == 0);
}

TEST_CASE("DECLINE with refuse_seconds passes the filter to the allocator")
{
  Cluster cluster;
  SchedulerClient other(cluster.harness);
  REQUIRE_FALSE(other.subscribe(frameworkInfo()).empty());

  SchedulerCall decline;
  decline.set_type(SchedulerCall::DECLINE);
  *decline.mutable_decline()->add_offer_ids() = cluster.offer.id();
  decline.mutable_decline()->mutable_filters()->set_refuse_seconds(3600);
  CHECK(cluster.scheduler.call(decline).status == 202);

  // The declining framework is filtered on that agent, so the other one gets it.
  std::optional<SchedulerEvent> offers = other.waitFor(SchedulerEvent::OFFERS);
  REQUIRE(offers.has_value());
  CHECK(Resources(firstOffer(*offers).resources()).cpus() == 4);
}
