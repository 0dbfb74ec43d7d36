#include "tests/kernel/executor/fake_agent.hpp"

#include <algorithm>

#include "kernel/http/recordio.hpp"
#include "kernel/proto/binary.hpp"
#include "kernel/proto/json_parser.hpp"
#include "kernel/proto/json_writer.hpp"
#include "tests/support/temp_dir.hpp"

namespace nucleus::testing {

using mesos::v1::executor::Call;
using mesos::v1::executor::Event;

FakeAgent::FakeAgent(Options options) : options_(options)
{
  runtime_.start();
  http::ServerOptions serverOptions;
  serverOptions.ip = "127.0.0.1";
  serverOptions.stopTimeout = std::chrono::seconds(2);
  server_ = std::make_unique<http::HttpServer>(runtime_, serverOptions);
  (void)server_->addRoute("POST", "/api/v1/executor",
                          [this](http::Request request) { return handle(std::move(request)); });
  Try<uint16_t> port = server_->start();
  if (!port) throw std::runtime_error(port.error().message);
  port_ = *port;
}

FakeAgent::~FakeAgent()
{
  closeStream();
  (void)server_->stop().await(std::chrono::seconds(10));
  server_.reset();
  runtime_.stop();
}

std::map<std::string, std::string> FakeAgent::executorEnvironment(const std::string& sandbox) const
{
  return {{"MESOS_AGENT_ENDPOINT", "127.0.0.1:" + std::to_string(port_)},
          {"MESOS_FRAMEWORK_ID", frameworkId()},
          {"MESOS_EXECUTOR_ID", executorId()},
          {"MESOS_SLAVE_ID", agentId()},
          {"MESOS_SANDBOX", sandbox},
          {"MESOS_DIRECTORY", sandbox},
          {"MESOS_CHECKPOINT", "0"},
          {"MESOS_HTTP_COMMAND_EXECUTOR", "1"},
          {"MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs"}};
}

Future<http::Response> FakeAgent::handle(http::Request request)
{
  std::string contentType(request.headers.get("Content-Type").value_or(""));
  bool json = contentType == "application/json";
  Call call;
  Try<Nothing> parsed =
      json ? proto::fromJson(request.body, &call, nullptr) : proto::fromBinary(request.body, &call);
  if (!parsed)
    return http::Response::badRequest("Failed to parse the call: " + parsed.error().message);

  std::lock_guard lock(mutex_);
  if (call.type() == Call::SUBSCRIBE) {
    if (stream_) stream_->close();
    subscribes_.push_back(call);
    json_ = json;
    stream_ = http::Stream::create();
    Event subscribed;
    subscribed.set_type(Event::SUBSCRIBED);
    auto* info = subscribed.mutable_subscribed();
    info->mutable_executor_info()->mutable_executor_id()->set_value(executorId());
    info->mutable_executor_info()->mutable_framework_id()->set_value(frameworkId());
    info->mutable_framework_info()->set_user("nobody");
    info->mutable_framework_info()->set_name("fake framework");
    info->mutable_framework_info()->mutable_id()->set_value(frameworkId());
    if (options_.taskKillingState) {
      info->mutable_framework_info()->add_capabilities()->set_type(
          mesos::v1::FrameworkInfo::Capability::TASK_KILLING_STATE);
    }
    info->mutable_agent_info()->set_hostname("localhost");
    info->mutable_agent_info()->mutable_id()->set_value(agentId());
    info->mutable_container_id()->set_value("container-1");
    sendLocked(subscribed);
    return http::Response::streaming(stream_, contentType);
  }
  if (call.type() == Call::UPDATE) {
    updates_.push_back(call.update().status());
    if (options_.autoAcknowledge) acknowledgeLocked(call.update().status());
    return http::Response::accepted();
  }
  return http::Response::badRequest("Unexpected call");
}

bool FakeAgent::sendLocked(const Event& event)
{
  if (!stream_) return false;
  std::string record = json_ ? proto::toJson(event) : event.SerializeAsString();
  return stream_->write(http::recordio::encode(record));
}

bool FakeAgent::send(const Event& event)
{
  std::lock_guard lock(mutex_);
  return sendLocked(event);
}

void FakeAgent::acknowledgeLocked(const mesos::v1::TaskStatus& status)
{
  if (std::find(acknowledged_.begin(), acknowledged_.end(), status.uuid()) != acknowledged_.end()) {
    return;
  }
  Event event;
  event.set_type(Event::ACKNOWLEDGED);
  *event.mutable_acknowledged()->mutable_task_id() = status.task_id();
  event.mutable_acknowledged()->set_uuid(status.uuid());
  if (sendLocked(event)) acknowledged_.push_back(status.uuid());
}

bool FakeAgent::launch(const mesos::v1::TaskInfo& task)
{
  Event event;
  event.set_type(Event::LAUNCH);
  *event.mutable_launch()->mutable_task() = task;
  return send(event);
}

bool FakeAgent::launchGroup(const std::vector<mesos::v1::TaskInfo>& tasks)
{
  Event event;
  event.set_type(Event::LAUNCH_GROUP);
  for (const auto& task : tasks)
    *event.mutable_launch_group()->mutable_task_group()->add_tasks() = task;
  return send(event);
}

bool FakeAgent::kill(const std::string& taskId,
                     std::optional<std::chrono::milliseconds> gracePeriod)
{
  Event event;
  event.set_type(Event::KILL);
  event.mutable_kill()->mutable_task_id()->set_value(taskId);
  if (gracePeriod) {
    event.mutable_kill()->mutable_kill_policy()->mutable_grace_period()->set_nanoseconds(
        std::chrono::duration_cast<std::chrono::nanoseconds>(*gracePeriod).count());
  }
  return send(event);
}

bool FakeAgent::shutdown()
{
  Event event;
  event.set_type(Event::SHUTDOWN);
  return send(event);
}

void FakeAgent::closeStream()
{
  std::lock_guard lock(mutex_);
  if (stream_) stream_->close();
  stream_.reset();
}

void FakeAgent::setAutoAcknowledge(bool on)
{
  std::lock_guard lock(mutex_);
  options_.autoAcknowledge = on;
}

void FakeAgent::acknowledgeAll()
{
  std::lock_guard lock(mutex_);
  for (const auto& status : updates_) acknowledgeLocked(status);
}

bool FakeAgent::waitForSubscribe(size_t count, std::chrono::milliseconds timeout)
{
  return waitUntil(
      [&] {
        std::lock_guard lock(mutex_);
        return subscribes_.size() >= count && stream_ != nullptr;
      },
      timeout);
}

std::optional<mesos::v1::TaskStatus> FakeAgent::waitForUpdate(const std::string& taskId,
                                                              mesos::v1::TaskState state,
                                                              std::chrono::milliseconds timeout)
{
  std::optional<mesos::v1::TaskStatus> found;
  waitUntil(
      [&] {
        std::lock_guard lock(mutex_);
        for (const auto& status : updates_) {
          if (status.task_id().value() == taskId && status.state() == state) {
            found = status;
            return true;
          }
        }
        return false;
      },
      timeout);
  return found;
}

std::vector<Call> FakeAgent::subscribes() const
{
  std::lock_guard lock(mutex_);
  return subscribes_;
}

std::vector<mesos::v1::TaskStatus> FakeAgent::updates() const
{
  std::lock_guard lock(mutex_);
  return updates_;
}

std::vector<mesos::v1::TaskState> FakeAgent::states(const std::string& taskId) const
{
  std::vector<mesos::v1::TaskState> result;
  for (const auto& status : updates()) {
    if (status.task_id().value() == taskId) result.push_back(status.state());
  }
  return result;
}

}  // namespace nucleus::testing
