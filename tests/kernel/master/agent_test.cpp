// Agents over the internal protocol: registration, calls with the wrong
// stream, disconnection, and the ping timeout that makes an agent unreachable
// (TASK_LOST, or TASK_UNREACHABLE for partition-aware frameworks).

#include <doctest/doctest.h>

#include "master_harness.hpp"

using namespace nucleus;
using namespace nucleus::testing;

TEST_CASE("REGISTER answers a protobuf stream that starts with REGISTERED and PING")
{
  MasterHarness harness;
  FakeAgent agent(harness);
  std::string agentId = agent.registerAgent("cpus:2;mem:512");
  REQUIRE_FALSE(agentId.empty());
  CHECK(agentId.find(harness.master()->info().id()) == 0);
  CHECK(agent.waitFor(AgentEvent::PING).has_value());
  CHECK(agent.pong().status == 202);
  CHECK(harness.counts().connectedAgents == 1);
}

TEST_CASE("Agent calls need the agent's current stream id")
{
  MasterHarness harness;
  FakeAgent agent(harness);
  REQUIRE_FALSE(agent.registerAgent("cpus:2;mem:512").empty());

  http::Request request = http::Request::post("/nucleus/internal/agent", "", "application/json");
  Try<http::Response> wrongType = harness.client().request(harness.endpoint(), request).await();
  REQUIRE(wrongType.has_value());
  CHECK(wrongType->status == 415);

  AgentCall pong;
  pong.set_type(AgentCall::PONG);
  pong.mutable_agent_id()->set_value(agent.agentId());
  request = http::Request::post("/nucleus/internal/agent", pong.SerializeAsString(),
                                "application/x-protobuf");
  request.headers.set("Mesos-Stream-Id", "wrong");
  Try<http::Response> wrongStream = harness.client().request(harness.endpoint(), request).await();
  REQUIRE(wrongStream.has_value());
  CHECK(wrongStream->status == 400);

  pong.mutable_agent_id()->set_value("unknown");
  request.body = pong.SerializeAsString();
  Try<http::Response> unknown = harness.client().request(harness.endpoint(), request).await();
  REQUIRE(unknown.has_value());
  CHECK(unknown->status == 400);
}

TEST_CASE("A closed agent stream rescinds its offers until it re-registers")
{
  MasterHarness harness;
  FakeAgent agent(harness);
  REQUIRE_FALSE(agent.registerAgent("cpus:2;mem:512").empty());
  SchedulerClient scheduler(harness);
  REQUIRE_FALSE(scheduler.subscribe(frameworkInfo()).empty());
  REQUIRE(scheduler.waitFor(SchedulerEvent::OFFERS).has_value());

  agent.disconnect();
  CHECK(scheduler.waitFor(SchedulerEvent::RESCIND).has_value());
  CHECK(waitUntil([&] { return harness.counts().connectedAgents == 0; }, kWait));
  CHECK(harness.counts().agents == 1);

  AgentCall::Reregister reregister;
  *reregister.mutable_agent_info() = agent.info();
  REQUIRE(agent.reregister(reregister));
  CHECK(waitUntil([&] { return harness.counts().connectedAgents == 1; }, kWait));
}

TEST_CASE("Missed pings make the agent unreachable and its tasks lost")
{
  master::MasterSettings settings;
  settings.agentPingTimeout = std::chrono::milliseconds(200);
  settings.maxAgentPingTimeouts = 2;

  for (bool partitionAware : {false, true}) {
    CAPTURE(partitionAware);
    MasterHarness harness(settings);
    FakeAgent agent(harness);
    REQUIRE_FALSE(agent.registerAgent("cpus:2;mem:512").empty());
    REQUIRE(agent.pong().status == 202);
    SchedulerClient scheduler(harness);
    std::vector<mesos::v1::FrameworkInfo::Capability::Type> caps;
    if (partitionAware) caps.push_back(mesos::v1::FrameworkInfo::Capability::PARTITION_AWARE);
    REQUIRE_FALSE(scheduler.subscribe(frameworkInfo("*", caps)).empty());
    std::optional<SchedulerEvent> offers = scheduler.waitFor(SchedulerEvent::OFFERS);
    REQUIRE(offers.has_value());
    mesos::v1::Offer offer = firstOffer(*offers);
    REQUIRE(scheduler.call(launchCall(offer, {taskInfo("t1", offer)})).status == 202);
    REQUIRE(agent.waitFor(AgentEvent::RUN_TASK).has_value());
    REQUIRE(agent.pong().status == 202);

    // From here on the agent never answers PING.
    mesos::v1::TaskState expected = partitionAware ? mesos::v1::TASK_UNREACHABLE : mesos::v1::TASK_LOST;
    std::optional<SchedulerEvent> lost = scheduler.waitForUpdate("t1", expected);
    REQUIRE(lost.has_value());
    CHECK(lost->update().status().reason() == mesos::v1::TaskStatus::REASON_AGENT_REMOVED);
    CHECK(lost->update().status().source() == mesos::v1::TaskStatus::SOURCE_MASTER);
    CHECK(scheduler.waitFor(SchedulerEvent::FAILURE).has_value());
    CHECK(harness.counts().agents == 0);
    CHECK(harness.counts().unreachableAgents == 1);
    CHECK(harness.counts().tasks == 0);
  }
}
