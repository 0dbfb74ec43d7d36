#include "tests/bench/simulated_agent.hpp"

#include <random>

#include "kernel/proto/resources_text.hpp"

namespace nucleus::bench {

using nucleus::internal::AgentCall;
using nucleus::internal::AgentEvent;

namespace {

std::string randomUuid()
{
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::string bytes(16, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random() & 0xff);
  return bytes;
}

constexpr const char* kPath = "/nucleus/internal/agent";

}  // namespace

SimulatedAgent::SimulatedAgent(Runtime& runtime, http::Endpoint master, std::string hostname,
                               std::string resources)
    : runtime_(runtime),
      master_(std::move(master)),
      hostname_(std::move(hostname)),
      resources_(std::move(resources)),
      http_(runtime)
{
}

Future<Nothing> SimulatedAgent::start()
{
  AgentCall call;
  call.set_type(AgentCall::REGISTER);
  mesos::v1::AgentInfo* info = call.mutable_register_()->mutable_agent_info();
  info->set_hostname(hostname_);
  info->set_port(5051);
  auto resources = proto::parseResources(resources_);
  if (!resources) return Error(resources.error().message);
  *info->mutable_resources() = *resources;
  call.mutable_register_()->set_version("bench");

  http::Request request =
      http::Request::post(kPath, call.SerializeAsString(), "application/x-protobuf");
  request.headers.set("Accept", "application/x-protobuf");
  http::StreamCallbacks callbacks;
  callbacks.onHead = [this](const http::Response& head) {
    std::lock_guard lock(mutex_);
    streamId_ = std::string(head.headers.get("Mesos-Stream-Id").value_or(""));
    if (head.status != 200) registered_->fail(Error("REGISTER answered " + std::to_string(head.status)));
  };
  callbacks.onChunk = [this](std::string piece) {
    Try<std::vector<std::string>> records = [&] {
      std::lock_guard lock(mutex_);
      return decoder_.decode(piece);
    }();
    if (!records) return;
    for (const std::string& record : *records) {
      AgentEvent event;
      if (event.ParseFromString(record)) onEvent(event);
    }
  };
  stream_ = http_.stream(master_, std::move(request), std::move(callbacks));
  return registered_->future();
}

void SimulatedAgent::stop()
{
  if (stream_) stream_->cancel();
}

void SimulatedAgent::onEvent(const AgentEvent& event)
{
  switch (event.type()) {
    case AgentEvent::REGISTERED:
    case AgentEvent::REREGISTERED: {
      {
        std::lock_guard lock(mutex_);
        agentId_ = event.registered().agent_id();
      }
      registered_->set(Nothing{});
      break;
    }
    case AgentEvent::PING: {
      AgentCall pong;
      pong.set_type(AgentCall::PONG);
      send(std::move(pong));
      break;
    }
    case AgentEvent::RUN_TASK: {
      const auto& task = event.run_task().task();
      AgentCall update;
      update.set_type(AgentCall::STATUS_UPDATE);
      auto* statusUpdate = update.mutable_status_update();
      *statusUpdate->mutable_framework_id() = event.run_task().framework_info().id();
      mesos::v1::TaskStatus* status = statusUpdate->mutable_status();
      *status->mutable_task_id() = task.task_id();
      status->set_state(mesos::v1::TASK_RUNNING);
      status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
      status->set_uuid(randomUuid());
      status->set_timestamp(static_cast<double>(std::time(nullptr)));
      status->mutable_executor_id()->set_value(task.task_id().value());
      {
        std::lock_guard lock(mutex_);
        *status->mutable_agent_id() = agentId_;
      }
      statusUpdate->set_latest_state(mesos::v1::TASK_RUNNING);
      tasksStarted_++;
      send(std::move(update));
      break;
    }
    default: break;  // ACKNOWLEDGE and the rest need no answer here
  }
}

void SimulatedAgent::send(AgentCall call)
{
  std::string streamId;
  {
    std::lock_guard lock(mutex_);
    *call.mutable_agent_id() = agentId_;
    streamId = streamId_;
  }
  http::Request request =
      http::Request::post(kPath, call.SerializeAsString(), "application/x-protobuf");
  request.headers.set("Mesos-Stream-Id", streamId);
  http_.request(master_, std::move(request));
}

}  // namespace nucleus::bench
