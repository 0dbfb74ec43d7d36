// The agent's answers to the rest of the master's events and to executors
// that misbehave: a custom executor that dies, SHUTDOWN, APPLY_OPERATION,
// SHUTDOWN_FRAMEWORK and executor API calls for unknown executors.

#include <doctest/doctest.h>

#include "kernel/http/client.hpp"
#include "kernel/proto/json_writer.hpp"
#include "kernel/proto/resources_text.hpp"
#include "mesos/v1/executor/executor.pb.h"
#include "tests/kernel/agent/agent_fixture.hpp"
#include "tests/support/process.hpp"

namespace nucleus::agent::testing {

using nucleus::internal::AgentCall;
using nucleus::internal::AgentEvent;

TEST_CASE("a custom executor that exits fails its task and is reported to the master")
{
  AgentFixture fixture;
  REQUIRE(fixture.waitRegistered());
  AgentEvent run = runCommandTask("task-6", "true", fixture.master->agentId());
  auto* executor = run.mutable_run_task()->mutable_task()->mutable_executor();
  executor->mutable_executor_id()->set_value("custom");
  executor->mutable_framework_id()->set_value("framework-1");
  executor->mutable_command()->set_value("echo custom-ran; exit 3");
  fixture.master->send(run);

  REQUIRE(fixture.master->waitForUpdate("task-6", mesos::v1::TASK_FAILED));
  mesos::v1::TaskStatus failed = fixture.master->updates().back();
  CHECK(failed.reason() == mesos::v1::TaskStatus::REASON_EXECUTOR_TERMINATED);
  CHECK(failed.source() == mesos::v1::TaskStatus::SOURCE_AGENT);
  CHECK_FALSE(failed.message().empty());

  REQUIRE(fixture.master->waitForCalls(AgentCall::EXECUTOR_EXITED, 1));
  AgentCall exited = fixture.master->callsOf(AgentCall::EXECUTOR_EXITED).front();
  CHECK(exited.executor_exited().executor_id().value() == "custom");
  CHECK(exited.agent_id().value() == fixture.master->agentId());

  std::optional<std::filesystem::path> sandbox = fixture.sandbox("custom");
  REQUIRE(sandbox.has_value());
  CHECK(nucleus::testing::readFile(*sandbox / "stdout").find("custom-ran") != std::string::npos);
}

TEST_CASE("SHUTDOWN_FRAMEWORK shuts its executors down")
{
  AgentFixture fixture;
  REQUIRE(fixture.waitRegistered());
  fixture.master->send(runCommandTask("task-7", "sleep 1031", fixture.master->agentId()));
  REQUIRE(fixture.master->waitForUpdate("task-7", mesos::v1::TASK_RUNNING));

  AgentEvent shutdown;
  shutdown.set_type(AgentEvent::SHUTDOWN_FRAMEWORK);
  shutdown.mutable_shutdown_framework()->mutable_framework_id()->set_value("framework-1");
  fixture.master->send(shutdown);
  // The task's process goes with its executor's container (the command is unique to this test).
  REQUIRE(nucleus::testing::waitUntil([&] {
    return nucleus::testing::shell("pgrep -f '[s]leep 1031' >/dev/null || echo gone").out ==
           "gone\n";
  }));
}

TEST_CASE("SHUTDOWN from the master makes the agent register anew")
{
  AgentFixture fixture;
  REQUIRE(fixture.waitRegistered());
  AgentEvent shutdown;
  shutdown.set_type(AgentEvent::SHUTDOWN);
  shutdown.mutable_shutdown()->set_message("agent removed by the operator");
  fixture.master->send(shutdown);
  REQUIRE(fixture.master->waitForCalls(AgentCall::REGISTER, 2));
  CHECK_FALSE(
      fixture.master->callsOf(AgentCall::REGISTER).back().register_().agent_info().has_id());
  REQUIRE(nucleus::testing::waitUntil([&] { return fixture.master->agentId() == "agent-2"; }));
}

TEST_CASE("APPLY_OPERATION checkpoints the new resources and reports the operation")
{
  AgentFixture fixture;
  REQUIRE(fixture.waitRegistered());
  AgentEvent apply;
  apply.set_type(AgentEvent::APPLY_OPERATION);
  auto* body = apply.mutable_apply_operation();
  body->mutable_framework_id()->set_value("framework-1");
  body->mutable_operation()->set_type(mesos::v1::Offer::Operation::RESERVE);
  body->mutable_operation()->mutable_id()->set_value("op-1");
  body->set_operation_uuid("0123456789abcdef");
  *body->mutable_resources_after() = *proto::parseResources("cpus(web):1;mem:64");
  fixture.master->send(apply);

  REQUIRE(fixture.master->waitForCalls(AgentCall::UPDATE_OPERATION_STATUS, 1));
  AgentCall update = fixture.master->callsOf(AgentCall::UPDATE_OPERATION_STATUS).front();
  CHECK(update.update_operation_status().operation_id().value() == "op-1");
  CHECK(update.update_operation_status().status().state() == mesos::v1::OPERATION_FINISHED);
  std::string checkpoint =
      nucleus::testing::readFile(fixture.workDir.path() / "meta" / "resources" / "resources.info");
  CHECK(checkpoint.find("\"web\"") != std::string::npos);
}

TEST_CASE("executor API calls for unknown frameworks are refused as Mesos refuses them")
{
  AgentFixture fixture;
  REQUIRE(fixture.waitRegistered());
  mesos::v1::executor::Call call;
  call.set_type(mesos::v1::executor::Call::SUBSCRIBE);
  call.mutable_framework_id()->set_value("nobody");
  call.mutable_executor_id()->set_value("nothing");
  call.mutable_subscribe();

  http::HttpClient client(fixture.runtime);
  http::Endpoint agent{"http", "127.0.0.1", fixture.port};
  auto response = client
                      .request(agent, http::Request::post("/api/v1/executor", proto::toJson(call),
                                                          "application/json"))
                      .await(std::chrono::seconds(10));
  REQUIRE(response.has_value());
  CHECK(response->status == 400);
  CHECK(response->body == "Framework cannot be found");

  auto get =
      client.request(agent, http::Request::get("/api/v1/executor")).await(std::chrono::seconds(10));
  REQUIRE(get.has_value());
  CHECK(get->status == 405);
}

}  // namespace nucleus::agent::testing

namespace nucleus::agent::testing {

TEST_CASE("a task group runs under the default executor")
{
  AgentFixture fixture;
  REQUIRE(fixture.waitRegistered());
  AgentEvent group;
  group.set_type(AgentEvent::RUN_TASK_GROUP);
  auto* run = group.mutable_run_task();
  *run->mutable_framework_info() = runCommandTask("x", "true", "").run_task().framework_info();
  auto* executor = run->mutable_executor();
  executor->set_type(mesos::v1::ExecutorInfo::DEFAULT);
  executor->mutable_executor_id()->set_value("default");
  executor->mutable_framework_id()->set_value("framework-1");
  *executor->mutable_resources() = *proto::parseResources("cpus:0.1;mem:32");
  for (const char* id : {"group-a", "group-b"}) {
    *run->mutable_task_group()->add_tasks() =
        runCommandTask(id, std::string("echo ") + id, fixture.master->agentId()).run_task().task();
  }
  fixture.master->send(group);
  REQUIRE(fixture.master->waitForUpdate("group-a", mesos::v1::TASK_FINISHED));
  REQUIRE(fixture.master->waitForUpdate("group-b", mesos::v1::TASK_FINISHED));
}

}  // namespace nucleus::agent::testing
