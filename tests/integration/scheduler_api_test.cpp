// The scheduler API's answers to what real clients send, right and wrong,
// against a real master: Mesos 1.5's status codes and messages, and no change
// of state after a refused call.

#include <doctest/doctest.h>

#include "tests/integration/cluster.hpp"
#include "tests/integration/test_scheduler.hpp"

using namespace nucleus::testing;
using nucleus::http::Request;
using nucleus::scheduler::Encoding;

namespace {

Request post(const std::string& body, const std::string& contentType)
{
  Request request = Request::post("/api/v1/scheduler", body, contentType);
  return request;
}

ClusterOptions withAgents(int agents)
{
  ClusterOptions options;
  options.agents = agents;
  return options;
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

const char* kSubscribe =
    R"({"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"raw"}}})";

}  // namespace

TEST_CASE("SUBSCRIBE answers a chunked stream with Mesos-Stream-Id, SUBSCRIBED then HEARTBEAT")
{
  Cluster cluster(withAgents(0));
  TestClient client;
  // Header names in any case; Accept absent means JSON.
  TestScheduler scheduler(cluster.masterPort(), Encoding::Json);
  REQUIRE(scheduler.subscribe(testFramework("streamer")));
  CHECK_FALSE(scheduler.client().streamId().empty());
  auto heartbeat = scheduler.waitFor(Event::HEARTBEAT, std::chrono::seconds(5));
  CHECK(heartbeat.has_value());
}

TEST_CASE("refused calls get Mesos' status codes")
{
  Cluster cluster(withAgents(0));
  TestClient client;
  const int port = cluster.masterPort();

  SUBCASE("not POST: 405")
  {
    CHECK(client.send(port, Request::get("/api/v1/scheduler")).status == 405);
  }
  SUBCASE("no Content-Type: 400")
  {
    Request request = Request::make("POST", "/api/v1/scheduler");
    request.body = kSubscribe;
    CHECK(client.send(port, request).status == 400);
  }
  SUBCASE("a Content-Type with parameters is not matched: 415")
  {
    CHECK(client.send(port, post(kSubscribe, "application/json; charset=utf-8")).status == 415);
    CHECK(client.send(port, post(kSubscribe, "text/plain")).status == 415);
  }
  SUBCASE("an Accept that allows neither JSON nor protobuf: 406")
  {
    Request request = post(kSubscribe, "application/json");
    request.headers.set("Accept", "text/html");
    CHECK(client.send(port, request).status == 406);
  }
  SUBCASE("malformed bodies: 400 naming the problem")
  {
    auto badJson = client.send(port, post("{\"type\":", "application/json"));
    CHECK(badJson.status == 400);
    auto numericEnum = client.send(port, post(R"({"type":1})", "application/json"));
    CHECK(numericEnum.status == 400);
    CHECK(contains(numericEnum.body, "type"));
    mesos::v1::scheduler::Call call;
    call.set_type(Call::SUBSCRIBE);
    call.mutable_subscribe()->mutable_framework_info()->set_user("root");
    call.mutable_subscribe()->mutable_framework_info()->set_name("truncated");
    std::string bytes = call.SerializeAsString();
    auto truncated =
        client.send(port, post(bytes.substr(0, bytes.size() - 3), "application/x-protobuf"));
    CHECK(truncated.status == 400);
  }
  SUBCASE("a SUBSCRIBE carrying Mesos-Stream-Id: 400")
  {
    Request request = post(kSubscribe, "application/json");
    request.headers.set("Mesos-Stream-Id", "0b6cb1b2-6f32-4a6a-9bb5-3b2d7f0f3e5c");
    CHECK(client.send(port, request).status == 400);
  }
  SUBCASE("a call for an unknown framework: 400")
  {
    auto reply = client.send(
        port, post(R"({"type":"REVIVE","framework_id":{"value":"no-such-framework"}})",
                   "application/json"));
    CHECK(reply.status == 400);
  }
}

TEST_CASE("calls of a subscribed framework need its Mesos-Stream-Id")
{
  Cluster cluster(withAgents(0));
  TestScheduler scheduler(cluster.masterPort(), Encoding::Json);
  REQUIRE(scheduler.subscribe(testFramework("owner")));
  TestClient client;
  const std::string revive =
      R"({"type":"REVIVE","framework_id":{"value":")" + scheduler.frameworkId().value() + "\"}}";

  // Missing (a lower-case header name is the same header): 400; wrong: 400.
  CHECK(client.send(cluster.masterPort(), post(revive, "application/json")).status == 400);
  Request wrong = post(revive, "application/json");
  wrong.headers.set("mesos-stream-id", "00000000-0000-0000-0000-000000000000");
  CHECK(client.send(cluster.masterPort(), wrong).status == 400);
  // UNKNOWN from a subscribed framework: 501, as Mesos.
  Request unknown = post(R"({"type":"UNKNOWN","framework_id":{"value":")" +
                             scheduler.frameworkId().value() + "\"}}",
                         "application/json");
  unknown.headers.set("Mesos-Stream-Id", scheduler.client().streamId());
  CHECK(client.send(cluster.masterPort(), unknown).status == 501);

  Request right = post(revive, "application/json");
  right.headers.set("mesos-stream-id", scheduler.client().streamId());
  auto accepted = client.send(cluster.masterPort(), right);
  CHECK(accepted.status == 202);
  CHECK(accepted.body.empty());
}

TEST_CASE("an invalid task gets TASK_ERROR and the offer's resources are offered again")
{
  Cluster cluster(withAgents(1));
  TestScheduler scheduler(cluster.masterPort(), Encoding::Json);
  REQUIRE(scheduler.subscribe(testFramework("invalid")));
  auto offers = scheduler.waitFor(Event::OFFERS);
  REQUIRE(offers.has_value());
  const mesos::v1::Offer offer = offers->offers().offers(0);

  // Two tasks with one ID: the second is refused by name.
  auto first = commandTask("twin", "sleep 1000", offer);
  auto second = commandTask("twin", "sleep 1000", offer);
  REQUIRE(scheduler.launch(offer, {first, second}).status == 202);
  auto error = scheduler.waitForUpdate("twin", mesos::v1::TASK_ERROR);
  REQUIRE(error.has_value());
  CHECK(contains(error->message(), "twin"));
  CHECK(error->reason() == mesos::v1::TaskStatus::REASON_TASK_INVALID);

  // A task with neither a command nor an executor.
  auto offers2 = scheduler.waitFor(Event::OFFERS, std::chrono::seconds(30));
  REQUIRE(offers2.has_value());
  auto empty = commandTask("empty", "true", offers2->offers().offers(0));
  empty.clear_command();
  REQUIRE(scheduler.launch(offers2->offers().offers(0), {empty}).status == 202);
  auto refused = scheduler.waitForUpdate("empty", mesos::v1::TASK_ERROR);
  REQUIRE(refused.has_value());
  CHECK(contains(refused->message(), "CommandInfo or ExecutorInfo"));
}

TEST_CASE("an offer that is not yours is not launched on")
{
  Cluster cluster(withAgents(1));
  TestScheduler owner(cluster.masterPort(), Encoding::Json);
  REQUIRE(owner.subscribe(testFramework("owner")));
  auto offers = owner.waitFor(Event::OFFERS);
  REQUIRE(offers.has_value());
  const mesos::v1::Offer offer = offers->offers().offers(0);

  TestScheduler thief(cluster.masterPort(), Encoding::Protobuf);
  REQUIRE(thief.subscribe(testFramework("thief")));
  auto task = commandTask("stolen", "true", offer);
  Call call;
  call.set_type(Call::ACCEPT);
  *call.mutable_accept()->add_offer_ids() = offer.id();
  auto* operation = call.mutable_accept()->add_operations();
  operation->set_type(mesos::v1::Offer::Operation::LAUNCH);
  *operation->mutable_launch()->add_task_infos() = task;
  auto reply = thief.send(call);
  // Mesos answers 202 and reports the task dropped (partition-aware) as invalid offers.
  CHECK(reply.status == 202);
  auto dropped = thief.waitForUpdate("stolen", mesos::v1::TASK_DROPPED);
  REQUIRE(dropped.has_value());
  CHECK(dropped->reason() == mesos::v1::TaskStatus::REASON_INVALID_OFFERS);

  // The owner's offer still works.
  CHECK(owner.launch(offer, {commandTask("mine", "true", offer)}).status == 202);
  CHECK(owner.waitForUpdate("mine", mesos::v1::TASK_FINISHED).has_value());
}
