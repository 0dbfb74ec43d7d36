// SUBSCRIBE: the stream's head and first records in both encodings, failover
// with the same framework id, invalid subscriptions, and TEARDOWN.

#include <doctest/doctest.h>

#include "master_harness.hpp"

using namespace nucleus;
using namespace nucleus::testing;

TEST_CASE("SUBSCRIBE streams SUBSCRIBED then HEARTBEAT, in the negotiated encoding")
{
  MasterHarness harness;
  for (auto encoding : {SchedulerClient::Encoding::Json, SchedulerClient::Encoding::Protobuf}) {
    bool json = encoding == SchedulerClient::Encoding::Json;
    CAPTURE(json);
    SchedulerClient scheduler(harness, encoding);
    std::string frameworkId = scheduler.subscribe(frameworkInfo());
    REQUIRE_FALSE(frameworkId.empty());
    REQUIRE(scheduler.waitForHead());
    const http::Response& head = *scheduler.head();
    CHECK(head.status == 200);
    CHECK(head.headers.get("Content-Type") ==
          std::optional<std::string_view>(json ? "application/json" : "application/x-protobuf"));
    CHECK(head.headers.has("Mesos-Stream-Id"));
    CHECK(frameworkId.find(harness.master()->info().id()) == 0);

    REQUIRE(scheduler.waitFor(SchedulerEvent::HEARTBEAT).has_value());
    std::vector<SchedulerEvent> events = scheduler.events().all();
    REQUIRE(events.size() >= 2);
    CHECK(events[0].type() == SchedulerEvent::SUBSCRIBED);
    CHECK(events[0].subscribed().heartbeat_interval_seconds() == 15);
    CHECK(events[0].subscribed().master_info().id() == harness.master()->info().id());
    CHECK(events[1].type() == SchedulerEvent::HEARTBEAT);
  }
}

TEST_CASE("Re-subscribing with the framework id fails the old scheduler over")
{
  MasterHarness harness;
  SchedulerClient first(harness);
  std::string frameworkId = first.subscribe(frameworkInfo());
  REQUIRE_FALSE(frameworkId.empty());

  mesos::v1::FrameworkInfo info = frameworkInfo();
  info.mutable_id()->set_value(frameworkId);
  SchedulerClient second(harness);
  CHECK(second.subscribe(info) == frameworkId);
  CHECK(second.streamId() != first.streamId());

  std::optional<SchedulerEvent> error = first.waitFor(SchedulerEvent::ERROR);
  REQUIRE(error.has_value());
  CHECK(error->error().message() == "Framework failed over");
  CHECK(waitUntil([&] { return first.ended(); }, kWait));
  CHECK(harness.counts().frameworks == 1);
  CHECK(harness.counts().activeFrameworks == 1);
}

TEST_CASE("An invalid FrameworkInfo gets ERROR on a 200 stream, as Mesos")
{
  MasterHarness harness;
  SchedulerClient scheduler(harness);
  mesos::v1::FrameworkInfo info = frameworkInfo();
  info.clear_capabilities();  // roles without MULTI_ROLE
  scheduler.open(info);
  std::optional<SchedulerEvent> error = scheduler.waitFor(SchedulerEvent::ERROR);
  REQUIRE(error.has_value());
  CHECK_FALSE(error->error().message().empty());
  CHECK(scheduler.head()->status == 200);
  CHECK(harness.counts().frameworks == 0);
}

TEST_CASE("TEARDOWN removes the framework and ends its stream")
{
  MasterHarness harness;
  SchedulerClient scheduler(harness);
  REQUIRE_FALSE(scheduler.subscribe(frameworkInfo()).empty());
  SchedulerCall teardown;
  teardown.set_type(SchedulerCall::TEARDOWN);
  CHECK(scheduler.call(teardown).status == 202);
  CHECK(waitUntil([&] { return scheduler.ended(); }, kWait));
  CHECK(harness.counts().frameworks == 0);
}

TEST_CASE("A disconnected framework without failover_timeout is removed")
{
  MasterHarness harness;
  SchedulerClient scheduler(harness);
  REQUIRE_FALSE(scheduler.subscribe(frameworkInfo()).empty());
  scheduler.close();
  CHECK(waitUntil([&] { return harness.counts().frameworks == 0; }, kWait));
}
