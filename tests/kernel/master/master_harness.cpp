#include "master_harness.hpp"

#include "kernel/master/scheduler_http.hpp"
#include "kernel/proto/json_parser.hpp"
#include "kernel/proto/json_writer.hpp"
#include "kernel/proto/resources_text.hpp"

namespace nucleus::testing {

MasterHarness::MasterHarness(master::MasterSettings settings)
{
  runtime_.start();
  http::ServerOptions options;
  options.ip = "127.0.0.1";
  options.stopTimeout = std::chrono::seconds(2);
  server_ = std::make_unique<http::HttpServer>(runtime_, options);
  service_ = std::make_unique<master::MasterService>(
      runtime_, settings, [this](module::Host&) -> Try<loader::ModulePtr<module::Allocator>> {
        return TestAllocator::make(&allocator_);
      });
  service_->addRoutes(*server_);
  Try<uint16_t> port = server_->start();
  REQUIRE_MESSAGE(port.has_value(), port.message());
  port_ = *port;
  Try<Nothing> started = service_->start("127.0.0.1", port_);
  REQUIRE_MESSAGE(started.has_value(), started.message());
  client_ = std::make_unique<http::HttpClient>(runtime_);
}

MasterHarness::~MasterHarness()
{
  (void)service_->stop().await(std::chrono::seconds(5));
  (void)server_->stop().await(std::chrono::seconds(5));
  client_.reset();
  server_.reset();
  service_.reset();
  runtime_.stop();
}

master::MasterCounts MasterHarness::counts()
{
  Try<master::MasterCounts> counts =
      dispatch(master(), [](master::Master& m) { return m.counts(); }).await(kWait);
  REQUIRE(counts.has_value());
  return *counts;
}

http::Response MasterHarness::post(const std::string& body, const http::Headers& headers,
                                   const std::string& method)
{
  http::Request request = http::Request::make(method, master::kSchedulerPath);
  request.body = body;
  for (const auto& [name, value] : headers) request.headers.add(name, value);
  Try<http::Response> response = client_->request(endpoint(), request, kWait).await();
  REQUIRE_MESSAGE(response.has_value(), response.message());
  return *response;
}

// --- SchedulerClient ---

SchedulerClient::~SchedulerClient() { close(); }

void SchedulerClient::close()
{
  if (!stream_) return;
  // Wait for the end, so that no callback runs on a destroyed client.
  stream_->cancel();
  (void)stream_->done().await(kWait);
  stream_.reset();
}

void SchedulerClient::open(const mesos::v1::FrameworkInfo& info, const http::Headers& extra)
{
  SchedulerCall call;
  call.set_type(SchedulerCall::SUBSCRIBE);
  *call.mutable_subscribe()->mutable_framework_info() = info;
  if (info.has_id()) *call.mutable_framework_id() = info.id();

  bool json = encoding_ == Encoding::Json;
  http::Request request = http::Request::post(
      master::kSchedulerPath, json ? proto::toJson(call) : call.SerializeAsString(),
      json ? "application/json" : "application/x-protobuf");
  request.headers.set("Accept", json ? "application/json" : "application/x-protobuf");
  for (const auto& [name, value] : extra) request.headers.set(name, value);

  http::StreamCallbacks callbacks;
  callbacks.onHead = [this](const http::Response& head) {
    std::lock_guard lock(mutex_);
    head_ = head;
    if (auto id = head.headers.get("Mesos-Stream-Id")) streamId_ = std::string(*id);
  };
  callbacks.onChunk = [this, json](std::string piece) {
    std::lock_guard lock(mutex_);
    Try<std::vector<std::string>> records = decoder_.decode(piece);
    if (!records) return;
    for (const std::string& record : *records) {
      SchedulerEvent event;
      Try<Nothing> parsed = json ? proto::fromJson(record, &event)
                                 : Try<Nothing>(event.ParseFromString(record)
                                                    ? Try<Nothing>(Nothing{})
                                                    : Try<Nothing>(Error("bad protobuf")));
      if (parsed) events_.add(event);
    }
  };
  stream_ = harness_.client().stream(harness_.endpoint(), request, callbacks, kWait);
  ended_ = stream_->done();
}

bool SchedulerClient::waitForHead()
{
  return waitUntil(
      [&] {
        std::lock_guard lock(mutex_);
        return head_.has_value();
      },
      kWait);
}

std::string SchedulerClient::subscribe(mesos::v1::FrameworkInfo info)
{
  open(info);
  std::optional<SchedulerEvent> subscribed = waitFor(SchedulerEvent::SUBSCRIBED);
  if (!subscribed) return "";
  frameworkId_ = subscribed->subscribed().framework_id().value();
  return frameworkId_;
}

http::Response SchedulerClient::call(SchedulerCall call)
{
  if (!call.has_framework_id()) call.mutable_framework_id()->set_value(frameworkId_);
  bool json = encoding_ == Encoding::Json;
  http::Headers headers{{"Content-Type", json ? "application/json" : "application/x-protobuf"},
                        {"Mesos-Stream-Id", streamId_}};
  return harness_.post(json ? proto::toJson(call) : call.SerializeAsString(), headers);
}

std::optional<SchedulerEvent> SchedulerClient::waitFor(SchedulerEvent::Type type, size_t from)
{
  return events_.waitFor([type](const SchedulerEvent& e) { return e.type() == type; }, from);
}

std::optional<SchedulerEvent> SchedulerClient::waitForUpdate(const std::string& taskId,
                                                             mesos::v1::TaskState state)
{
  return events_.waitFor([&](const SchedulerEvent& e) {
    return e.type() == SchedulerEvent::UPDATE && e.update().status().task_id().value() == taskId &&
           e.update().status().state() == state;
  });
}

// --- FakeAgent ---

FakeAgent::~FakeAgent() { disconnect(); }

void FakeAgent::disconnect()
{
  if (!stream_) return;
  stream_->cancel();
  (void)stream_->done().await(kWait);
  stream_.reset();
}

bool FakeAgent::open(const AgentCall& call, AgentEvent::Type first)
{
  http::Request request = http::Request::post("/nucleus/internal/agent", call.SerializeAsString(),
                                              "application/x-protobuf");
  auto head = std::make_shared<Promise<http::Response>>();
  http::StreamCallbacks callbacks;
  callbacks.onHead = [this, head](const http::Response& response) {
    {
      std::lock_guard lock(mutex_);
      if (auto id = response.headers.get("Mesos-Stream-Id")) streamId_ = std::string(*id);
    }
    head->set(response);
  };
  callbacks.onChunk = [this](std::string piece) {
    std::lock_guard lock(mutex_);
    Try<std::vector<std::string>> records = decoder_->decode(piece);
    if (!records) return;
    for (const std::string& record : *records) {
      AgentEvent event;
      if (event.ParseFromString(record)) events_.add(event);
    }
  };
  disconnect();
  {
    std::lock_guard lock(mutex_);
    decoder_ = std::make_unique<http::recordio::Decoder>();
  }
  size_t from = events_.size();
  stream_ = harness_.client().stream(harness_.endpoint(), request, callbacks, kWait);
  Try<http::Response> response = head->future().await(kWait);
  if (!response || response->status != 200) return false;
  std::optional<AgentEvent> registered = waitFor(first, from);
  if (!registered) return false;
  agentId_ = registered->registered().agent_id().value();
  *info_.mutable_id() = registered->registered().agent_id();
  return true;
}

std::string FakeAgent::registerAgent(const std::string& resources, const std::string& hostname)
{
  info_.set_hostname(hostname);
  info_.set_port(5051);
  Try<google::protobuf::RepeatedPtrField<mesos::v1::Resource>> parsed =
      proto::parseResources(resources);
  REQUIRE_MESSAGE(parsed.has_value(), parsed.message());
  *info_.mutable_resources() = *parsed;
  AgentCall call;
  call.set_type(AgentCall::REGISTER);
  *call.mutable_register_()->mutable_agent_info() = info_;
  call.mutable_register_()->set_version("test");
  return open(call, AgentEvent::REGISTERED) ? agentId_ : "";
}

bool FakeAgent::reregister(const AgentCall::Reregister& reregister)
{
  AgentCall call;
  call.set_type(AgentCall::REREGISTER);
  *call.mutable_reregister() = reregister;
  return open(call, AgentEvent::REREGISTERED);
}

http::Response FakeAgent::call(AgentCall call)
{
  if (!call.has_agent_id()) call.mutable_agent_id()->set_value(agentId_);
  http::Request request = http::Request::post("/nucleus/internal/agent", call.SerializeAsString(),
                                              "application/x-protobuf");
  {
    std::lock_guard lock(mutex_);
    request.headers.set("Mesos-Stream-Id", streamId_);
  }
  Try<http::Response> response = harness_.client().request(harness_.endpoint(), request, kWait).await();
  REQUIRE_MESSAGE(response.has_value(), response.message());
  return *response;
}

http::Response FakeAgent::pong()
{
  AgentCall call;
  call.set_type(AgentCall::PONG);
  return this->call(call);
}

http::Response FakeAgent::statusUpdate(const std::string& frameworkId, mesos::v1::TaskStatus status)
{
  AgentCall call;
  call.set_type(AgentCall::STATUS_UPDATE);
  call.mutable_status_update()->mutable_framework_id()->set_value(frameworkId);
  *status.mutable_agent_id() = info_.id();
  *call.mutable_status_update()->mutable_status() = status;
  return this->call(call);
}

std::optional<AgentEvent> FakeAgent::waitFor(AgentEvent::Type type, size_t from)
{
  return events_.waitFor([type](const AgentEvent& e) { return e.type() == type; }, from);
}

// --- builders ---

mesos::v1::FrameworkInfo frameworkInfo(
    const std::string& role, const std::vector<mesos::v1::FrameworkInfo::Capability::Type>& caps)
{
  mesos::v1::FrameworkInfo info;
  info.set_name("test-framework");
  info.set_user("nobody");
  info.add_roles(role);
  info.add_capabilities()->set_type(mesos::v1::FrameworkInfo::Capability::MULTI_ROLE);
  for (auto type : caps) info.add_capabilities()->set_type(type);
  return info;
}

mesos::v1::Offer firstOffer(const SchedulerEvent& event)
{
  REQUIRE(event.type() == SchedulerEvent::OFFERS);
  REQUIRE(event.offers().offers_size() > 0);
  return event.offers().offers(0);
}

mesos::v1::TaskInfo taskInfo(const std::string& taskId, const mesos::v1::Offer& offer,
                             const std::string& resources)
{
  mesos::v1::TaskInfo task;
  task.set_name("task-" + taskId);
  task.mutable_task_id()->set_value(taskId);
  *task.mutable_agent_id() = offer.agent_id();
  task.mutable_command()->set_value("sleep 1000");
  Try<google::protobuf::RepeatedPtrField<mesos::v1::Resource>> parsed =
      proto::parseResources(resources);
  REQUIRE_MESSAGE(parsed.has_value(), parsed.message());
  *task.mutable_resources() = *parsed;
  for (auto& resource : *task.mutable_resources()) {
    *resource.mutable_allocation_info() = offer.allocation_info();
  }
  return task;
}

SchedulerCall launchCall(const mesos::v1::Offer& offer,
                         const std::vector<mesos::v1::TaskInfo>& tasks)
{
  SchedulerCall call;
  call.set_type(SchedulerCall::ACCEPT);
  *call.mutable_accept()->add_offer_ids() = offer.id();
  auto* operation = call.mutable_accept()->add_operations();
  operation->set_type(mesos::v1::Offer::Operation::LAUNCH);
  for (const auto& task : tasks) *operation->mutable_launch()->add_task_infos() = task;
  return call;
}

}  // namespace nucleus::testing
