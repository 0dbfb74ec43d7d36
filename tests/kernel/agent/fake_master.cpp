#include "tests/kernel/agent/fake_master.hpp"

#include "kernel/http/recordio.hpp"
#include "tests/support/temp_dir.hpp"

namespace nucleus::agent::testing {

http::ServerOptions localOptions()
{
  http::ServerOptions options;
  options.ip = "127.0.0.1";
  options.port = 0;
  return options;
}

using nucleus::internal::AgentCall;
using nucleus::internal::AgentEvent;

FakeMaster::FakeMaster(Runtime& runtime) : server_(runtime, localOptions())
{
  http::Route route;
  route.path = "/nucleus/internal/agent";
  route.methods = {"POST"};
  route.handler = [this](http::Request request) { return handle(request); };
  (void)server_.addRoute(std::move(route));
  Try<uint16_t> port = server_.start();
  if (port) port_ = *port;
}

FakeMaster::~FakeMaster()
{
  closeStream();
  (void)server_.stop().await(std::chrono::seconds(10));
}

Future<http::Response> FakeMaster::handle(const http::Request& request)
{
  AgentCall call;
  if (!call.ParseFromString(request.body)) {
    return http::Response::badRequest("Failed to parse body into AgentCall protobuf");
  }
  std::unique_lock lock(mutex_);
  calls_.push_back(call);

  if (call.type() == AgentCall::REGISTER || call.type() == AgentCall::REREGISTER) {
    AgentEvent registered;
    if (call.type() == AgentCall::REGISTER) {
      agentId_ = "agent-" + std::to_string(++registrations_);
      registered.set_type(AgentEvent::REGISTERED);
      registered.mutable_registered()->mutable_agent_id()->set_value(agentId_);
    } else {
      registered.set_type(AgentEvent::REREGISTERED);
      *registered.mutable_registered()->mutable_agent_id() = call.reregister().agent_info().id();
    }
    if (stream_) stream_->close();
    stream_ = http::Stream::create();
    stream_->write(http::recordio::encode(registered.SerializeAsString()));
    http::Response response = http::Response::streaming(stream_, "application/x-protobuf");
    response.headers.set("Mesos-Stream-Id", "stream-" + std::to_string(calls_.size()));
    return response;
  }

  if (call.type() == AgentCall::STATUS_UPDATE && autoAcknowledge_ &&
      call.status_update().status().has_uuid()) {
    AgentEvent ack;
    ack.set_type(AgentEvent::ACKNOWLEDGE);
    *ack.mutable_acknowledge()->mutable_framework_id() = call.status_update().framework_id();
    *ack.mutable_acknowledge()->mutable_task_id() = call.status_update().status().task_id();
    ack.mutable_acknowledge()->set_uuid(call.status_update().status().uuid());
    if (stream_) stream_->write(http::recordio::encode(ack.SerializeAsString()));
  }
  return http::Response::accepted();
}

std::vector<AgentCall> FakeMaster::calls() const
{
  std::lock_guard lock(mutex_);
  return calls_;
}

std::vector<AgentCall> FakeMaster::callsOf(AgentCall::Type type) const
{
  std::vector<AgentCall> result;
  for (auto& call : calls()) {
    if (call.type() == type) result.push_back(call);
  }
  return result;
}

std::vector<mesos::v1::TaskStatus> FakeMaster::updates() const
{
  std::vector<mesos::v1::TaskStatus> result;
  for (auto& call : callsOf(AgentCall::STATUS_UPDATE)) {
    result.push_back(call.status_update().status());
  }
  return result;
}

bool FakeMaster::waitForUpdate(const std::string& taskId, mesos::v1::TaskState state,
                               std::chrono::milliseconds timeout) const
{
  return nucleus::testing::waitUntil(
      [&] {
        for (const auto& status : updates()) {
          if (status.task_id().value() == taskId && status.state() == state) return true;
        }
        return false;
      },
      timeout);
}

bool FakeMaster::waitForCalls(AgentCall::Type type, size_t count,
                              std::chrono::milliseconds timeout) const
{
  return nucleus::testing::waitUntil([&] { return callsOf(type).size() >= count; }, timeout);
}

bool FakeMaster::send(const AgentEvent& event)
{
  std::lock_guard lock(mutex_);
  if (!stream_) return false;
  return stream_->write(http::recordio::encode(event.SerializeAsString()));
}

void FakeMaster::closeStream()
{
  std::lock_guard lock(mutex_);
  if (stream_) stream_->close();
  stream_.reset();
}

void FakeMaster::setAutoAcknowledge(bool on)
{
  std::lock_guard lock(mutex_);
  autoAcknowledge_ = on;
}

void FakeMaster::acknowledge(const std::string& frameworkId, const mesos::v1::TaskStatus& status)
{
  AgentEvent ack;
  ack.set_type(AgentEvent::ACKNOWLEDGE);
  ack.mutable_acknowledge()->mutable_framework_id()->set_value(frameworkId);
  *ack.mutable_acknowledge()->mutable_task_id() = status.task_id();
  ack.mutable_acknowledge()->set_uuid(status.uuid());
  send(ack);
}

std::string FakeMaster::agentId() const
{
  std::lock_guard lock(mutex_);
  return agentId_;
}

}  // namespace nucleus::agent::testing
