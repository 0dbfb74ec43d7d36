#include "tests/integration/test_scheduler.hpp"

#include "kernel/proto/legacy_fields.hpp"
#include "kernel/proto/resources_text.hpp"
#include "nucleus/module/resources.hpp"

namespace nucleus::testing {

mesos::v1::FrameworkInfo testFramework(const std::string& name, const std::string& role,
                                       bool partitionAware)
{
  using Capability = mesos::v1::FrameworkInfo::Capability;
  mesos::v1::FrameworkInfo framework;
  framework.set_user("root");
  framework.set_name(name);
  proto::setFrameworkRole(&framework, role);
  framework.add_capabilities()->set_type(Capability::TASK_KILLING_STATE);
  if (partitionAware) framework.add_capabilities()->set_type(Capability::PARTITION_AWARE);
  return framework;
}

mesos::v1::TaskInfo commandTask(const std::string& id, const std::string& command,
                                const mesos::v1::Offer& offer, const std::string& resources)
{
  mesos::v1::TaskInfo task;
  task.set_name(id);
  task.mutable_task_id()->set_value(id);
  *task.mutable_agent_id() = offer.agent_id();
  task.mutable_command()->set_value(command);
  Resources wanted(*proto::parseResources(resources));
  // Take them with the offer's allocation role, as a multi-role-aware framework does.
  if (offer.resources_size() > 0 && offer.resources(0).has_allocation_info()) {
    wanted.allocate(offer.resources(0).allocation_info().role());
  }
  *task.mutable_resources() = wanted.toProto();
  return task;
}

TestScheduler::TestScheduler(int masterPort, scheduler::Encoding encoding)
    : runtime_(std::make_unique<Runtime>())
{
  runtime_->start();
  http::Endpoint master;
  master.host = "127.0.0.1";
  master.port = static_cast<uint16_t>(masterPort);
  client_ = std::make_unique<scheduler::SchedulerClient>(
      *runtime_, scheduler::SchedulerClientOptions{.master = master, .encoding = encoding});
}

TestScheduler::~TestScheduler()
{
  (void)client_->disconnect().await(std::chrono::seconds(10));
  client_.reset();
  runtime_->stop();
}

bool TestScheduler::subscribe(const mesos::v1::FrameworkInfo& framework,
                              std::chrono::seconds timeout)
{
  {
    std::lock_guard lock(mutex_);
    closed_ = false;
    closeReason_.clear();
  }
  Future<Nothing> subscribed = client_->subscribe(
      framework, [this](const Event& event) { onEvent(event); },
      [this](const std::string& reason) {
        std::lock_guard lock(mutex_);
        closed_ = true;
        closeReason_ = reason;
        arrived_.notify_all();
      });
  Try<Nothing> answered = subscribed.await(timeout);
  if (!answered) {
    std::lock_guard lock(mutex_);
    closeReason_ = answered.error().message;
    return false;
  }
  return waitFor(Event::SUBSCRIBED, timeout).has_value();
}

void TestScheduler::onEvent(const Event& event)
{
  std::lock_guard lock(mutex_);
  events_.push_back(event);
  arrived_.notify_all();
}

std::optional<Event> TestScheduler::waitFor(Event::Type type, std::chrono::seconds timeout)
{
  std::unique_lock lock(mutex_);
  std::optional<Event> found;
  arrived_.wait_for(lock, timeout, [&] {
    for (auto it = events_.begin(); it != events_.end(); ++it) {
      if (it->type() == type) {
        found = std::move(*it);
        events_.erase(it);
        return true;
      }
    }
    return false;
  });
  return found;
}

std::optional<mesos::v1::TaskStatus> TestScheduler::waitForUpdate(const std::string& taskId,
                                                                  mesos::v1::TaskState state,
                                                                  std::chrono::seconds timeout,
                                                                  bool acknowledge)
{
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::vector<mesos::v1::TaskStatus> passed;
    std::optional<mesos::v1::TaskStatus> found;
    {
      std::unique_lock lock(mutex_);
      arrived_.wait_until(lock, deadline, [&] {
        for (auto it = events_.begin(); it != events_.end();) {
          if (it->type() == Event::UPDATE && it->update().status().task_id().value() == taskId) {
            mesos::v1::TaskStatus status = it->update().status();
            it = events_.erase(it);
            passed.push_back(status);
            seen_.push_back(status);
            if (status.state() == state) {
              found = status;
              return true;
            }
          } else {
            ++it;
          }
        }
        return !passed.empty();
      });
    }
    if (acknowledge) {
      for (const auto& status : passed) {
        if (status.has_uuid()) (void)this->acknowledge(status);
      }
    }
    if (found) return found;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
  }
}

scheduler::CallResult TestScheduler::send(Call call)
{
  Try<scheduler::CallResult> result = client_->send(std::move(call)).await(std::chrono::seconds(20));
  if (!result) return {0, result.error().message};
  return *result;
}

scheduler::CallResult TestScheduler::launch(const mesos::v1::Offer& offer,
                                            const std::vector<mesos::v1::TaskInfo>& tasks)
{
  Call call;
  call.set_type(Call::ACCEPT);
  *call.mutable_accept()->add_offer_ids() = offer.id();
  mesos::v1::Offer::Operation* operation = call.mutable_accept()->add_operations();
  operation->set_type(mesos::v1::Offer::Operation::LAUNCH);
  for (const auto& task : tasks) *operation->mutable_launch()->add_task_infos() = task;
  return send(std::move(call));
}

scheduler::CallResult TestScheduler::acknowledge(const mesos::v1::TaskStatus& status)
{
  Call call;
  call.set_type(Call::ACKNOWLEDGE);
  *call.mutable_acknowledge()->mutable_agent_id() = status.agent_id();
  *call.mutable_acknowledge()->mutable_task_id() = status.task_id();
  call.mutable_acknowledge()->set_uuid(status.uuid());
  return send(std::move(call));
}

scheduler::CallResult TestScheduler::decline(const mesos::v1::Offer& offer, double refuseSeconds)
{
  Call call;
  call.set_type(Call::DECLINE);
  *call.mutable_decline()->add_offer_ids() = offer.id();
  call.mutable_decline()->mutable_filters()->set_refuse_seconds(refuseSeconds);
  return send(std::move(call));
}

std::string TestScheduler::updatesSeen() const
{
  std::lock_guard lock(mutex_);
  std::string text;
  for (const auto& status : seen_) {
    text += status.task_id().value() + ": " + mesos::v1::TaskState_Name(status.state()) + " (" +
            status.message() + ")\n";
  }
  return text;
}

void TestScheduler::disconnect() { (void)client_->disconnect().await(std::chrono::seconds(10)); }

bool TestScheduler::closed() const
{
  std::lock_guard lock(mutex_);
  return closed_;
}

std::string TestScheduler::closeReason() const
{
  std::lock_guard lock(mutex_);
  return closeReason_;
}

mesos::v1::FrameworkID TestScheduler::frameworkId() const
{
  return client_->frameworkId().value_or(mesos::v1::FrameworkID());
}

}  // namespace nucleus::testing
