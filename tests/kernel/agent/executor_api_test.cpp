// The wire rules of POST /api/v1/executor, as Mesos 1.5 answers them.

#include <doctest/doctest.h>

#include "kernel/agent/executor_api.hpp"
#include "kernel/agent/ids.hpp"
#include "kernel/proto/json_writer.hpp"

namespace nucleus::agent {

namespace {

using mesos::v1::executor::Call;

Call subscribeCall()
{
  Call call;
  call.set_type(Call::SUBSCRIBE);
  call.mutable_framework_id()->set_value("f");
  call.mutable_executor_id()->set_value("e");
  call.mutable_subscribe();
  return call;
}

http::Request post(const std::string& body, const std::string& contentType)
{
  return http::Request::post("/api/v1/executor", body, contentType);
}

int statusOf(const std::variant<ExecutorRequest, http::Response>& parsed)
{
  if (auto* response = std::get_if<http::Response>(&parsed)) return response->status;
  return 200;
}

std::string bodyOf(const std::variant<ExecutorRequest, http::Response>& parsed)
{
  if (auto* response = std::get_if<http::Response>(&parsed)) return response->body;
  return "";
}

}  // namespace

TEST_CASE("executor API requests are checked as Mesos checks them")
{
  http::Request get = http::Request::get("/api/v1/executor");
  CHECK(statusOf(parseExecutorRequest(get)) == 405);

  http::Request noType = post("{}", "application/json");
  noType.headers.remove("Content-Type");
  CHECK(statusOf(parseExecutorRequest(noType)) == 400);
  CHECK(bodyOf(parseExecutorRequest(noType)) == "Expecting 'Content-Type' to be present");

  CHECK(statusOf(parseExecutorRequest(post("x", "text/plain"))) == 415);
  CHECK(statusOf(parseExecutorRequest(post("not json", "application/json"))) == 400);

  Call noFramework = subscribeCall();
  noFramework.clear_framework_id();
  auto missing =
      parseExecutorRequest(post(noFramework.SerializePartialAsString(), "application/x-protobuf"));
  CHECK(statusOf(missing) == 400);
  CHECK(bodyOf(missing).find("Failed to validate Executor::Call") == 0);

  http::Request xml = post(proto::toJson(subscribeCall()), "application/json");
  xml.headers.set("Accept", "application/xml");
  CHECK(statusOf(parseExecutorRequest(xml)) == 406);
}

TEST_CASE("SUBSCRIBE streams JSON unless Accept asks for protobuf")
{
  auto json = parseExecutorRequest(post(proto::toJson(subscribeCall()), "application/json"));
  REQUIRE(std::holds_alternative<ExecutorRequest>(json));
  CHECK(std::get<ExecutorRequest>(json).accept == ContentType::Json);

  http::Request request = post(subscribeCall().SerializeAsString(), "application/x-protobuf");
  request.headers.set("Accept", "application/x-protobuf");
  auto binary = parseExecutorRequest(request);
  REQUIRE(std::holds_alternative<ExecutorRequest>(binary));
  CHECK(std::get<ExecutorRequest>(binary).accept == ContentType::Protobuf);
}

TEST_CASE("an UPDATE must come from the executor, with a uuid, and not be STAGING")
{
  Call update;
  update.set_type(Call::UPDATE);
  update.mutable_framework_id()->set_value("f");
  update.mutable_executor_id()->set_value("e");
  auto* status = update.mutable_update()->mutable_status();
  status->mutable_task_id()->set_value("t");
  status->set_state(mesos::v1::TASK_RUNNING);
  status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);

  auto noUuid = validateExecutorCall(update);
  REQUIRE_FALSE(noUuid.has_value());
  CHECK(noUuid.error().message == "Expecting 'uuid' to be present");

  status->set_uuid(randomUuidBytes());
  CHECK(validateExecutorCall(update).has_value());

  status->set_source(mesos::v1::TaskStatus::SOURCE_AGENT);
  auto source = validateExecutorCall(update);
  REQUIRE_FALSE(source.has_value());
  CHECK(source.error().message ==
        "Received Call from executor e of framework f with invalid source, expecting "
        "'SOURCE_EXECUTOR'");

  status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  status->set_state(mesos::v1::TASK_STAGING);
  CHECK_FALSE(validateExecutorCall(update).has_value());
}

TEST_CASE("Accept follows RFC 7231: wildcards and q=0")
{
  http::Request request = http::Request::post("/", "", "application/json");
  CHECK(acceptsMediaType(request, "application/json"));
  request.headers.set("Accept", "application/*");
  CHECK(acceptsMediaType(request, "application/x-protobuf"));
  request.headers.set("Accept", "*/*, application/json;q=0");
  CHECK_FALSE(acceptsMediaType(request, "application/json"));
  CHECK(acceptsMediaType(request, "application/x-protobuf"));
}

}  // namespace nucleus::agent
