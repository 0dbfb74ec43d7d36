// The status codes of POST /api/v1/scheduler, in Mesos 1.5's order, and that
// refused calls leave the master as it was.

#include <doctest/doctest.h>

#include "kernel/proto/json_writer.hpp"
#include "master_harness.hpp"

using namespace nucleus;
using namespace nucleus::testing;

namespace {

std::string subscribeJson()
{
  SchedulerCall call;
  call.set_type(SchedulerCall::SUBSCRIBE);
  *call.mutable_subscribe()->mutable_framework_info() = frameworkInfo();
  return proto::toJson(call);
}

}  // namespace

TEST_CASE("Malformed scheduler requests get Mesos' status codes and change nothing")
{
  MasterHarness harness;
  const http::Headers json{{"Content-Type", "application/json"}};

  SUBCASE("not POST: 405")
  {
    http::Response r = harness.post("", {}, "GET");
    CHECK(r.status == 405);
  }
  SUBCASE("no Content-Type: 400")
  {
    http::Response r = harness.post(subscribeJson(), {});
    CHECK(r.status == 400);
    CHECK(r.body.find("Content-Type") != std::string::npos);
  }
  SUBCASE("another Content-Type: 415, even JSON with a charset")
  {
    CHECK(harness.post(subscribeJson(), {{"Content-Type", "text/plain"}}).status == 415);
    CHECK(harness.post(subscribeJson(), {{"Content-Type", "application/json; charset=utf-8"}})
              .status == 415);
  }
  SUBCASE("a body that is not a Call: 400 naming the problem")
  {
    http::Response r = harness.post("{\"type\": 3}", json);
    CHECK(r.status == 400);
    r = harness.post("{not json", json);
    CHECK(r.status == 400);
    r = harness.post("garbage", {{"Content-Type", "application/x-protobuf"}});
    CHECK(r.status == 400);
  }
  SUBCASE("an unknown call type name: 400")
  {
    http::Response r = harness.post("{\"type\": \"FROBNICATE\", \"framework_id\": {\"value\": \"x\"}}",
                                    json);
    CHECK(r.status == 400);
  }
  SUBCASE("Accept allowing neither encoding: 406")
  {
    http::Response r =
        harness.post(subscribeJson(), {{"Content-Type", "application/json"}, {"Accept", "text/html"}});
    CHECK(r.status == 406);
  }
  SUBCASE("SUBSCRIBE with a Mesos-Stream-Id: 400")
  {
    http::Response r = harness.post(
        subscribeJson(), {{"Content-Type", "application/json"}, {"mesos-stream-id", "abc"}});
    CHECK(r.status == 400);
  }
  SUBCASE("a call for an unknown framework: 400")
  {
    http::Response r = harness.post(
        "{\"type\": \"REVIVE\", \"framework_id\": {\"value\": \"nope\"}}", json);
    CHECK(r.status == 400);
  }
  CHECK(harness.counts().frameworks == 0);
}

TEST_CASE("Calls need a live subscription and its stream id")
{
  MasterHarness harness;
  SchedulerClient scheduler(harness);
  std::string frameworkId = scheduler.subscribe(frameworkInfo());
  REQUIRE_FALSE(frameworkId.empty());
  const std::string revive =
      "{\"type\": \"REVIVE\", \"framework_id\": {\"value\": \"" + frameworkId + "\"}}";

  // No stream id, a wrong one (header names are case-insensitive), the right one.
  CHECK(harness.post(revive, {{"Content-Type", "application/json"}}).status == 400);
  CHECK(harness.post(revive, {{"Content-Type", "application/json"}, {"mesos-stream-id", "x"}})
            .status == 400);
  CHECK(harness
            .post(revive, {{"Content-Type", "application/json"},
                           {"mesos-stream-id", scheduler.streamId()}})
            .status == 202);

  // UNKNOWN: 501.
  SchedulerCall unknown;
  unknown.set_type(SchedulerCall::UNKNOWN);
  CHECK(scheduler.call(unknown).status == 501);

  // Once the stream is gone the framework is not subscribed: 403.
  mesos::v1::FrameworkInfo info = frameworkInfo();
  info.set_failover_timeout(3600);
  SchedulerClient second(harness);
  std::string secondId = second.subscribe(info);
  REQUIRE_FALSE(secondId.empty());
  std::string secondStream = second.streamId();
  second.close();
  REQUIRE(waitUntil([&] { return harness.counts().activeFrameworks == 1; }, kWait));
  http::Response r = harness.post(
      "{\"type\": \"REVIVE\", \"framework_id\": {\"value\": \"" + secondId + "\"}}",
      {{"Content-Type", "application/json"}, {"Mesos-Stream-Id", secondStream}});
  CHECK(r.status == 403);
}
