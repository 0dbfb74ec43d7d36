// Frameworks: SUBSCRIBE (new, re-subscription, failover), heartbeats, a closed
// stream (disconnection and the failover timeout) and TEARDOWN. As Mesos 1.5's
// Master::subscribe, failoverFramework, disconnect and removeFramework.

#include <cmath>

#include "kernel/common/logging.hpp"
#include "kernel/master/master.hpp"
#include "kernel/master/status_updates.hpp"
#include "kernel/master/validation/validation.hpp"

namespace nucleus::master {

namespace {

bool hasCapability(const v1::FrameworkInfo& info, v1::FrameworkInfo::Capability::Type type)
{
  for (const auto& capability : info.capabilities()) {
    if (capability.type() == type) return true;
  }
  return false;
}

SchedulerEvent errorEvent(const std::string& message)
{
  SchedulerEvent event;
  event.set_type(SchedulerEvent::ERROR);
  event.mutable_error()->set_message(message);
  return event;
}

}  // namespace

http::Response Master::subscribe(const SchedulerCall& call, ContentType accept)
{
  if (!ready()) return http::Response::serviceUnavailable("Master has not finished recovery");

  auto stream = std::make_shared<EventStream>(accept, randomUuid());
  http::Response response = stream->response();

  const SchedulerCall::Subscribe& subscribe = call.subscribe();
  v1::FrameworkInfo info = subscribe.framework_info();
  std::set<std::string> suppressed(subscribe.suppressed_roles().begin(),
                                   subscribe.suppressed_roles().end());

  // As Mesos: an invalid subscription still gets 200, then one ERROR event and
  // the end of the stream.
  auto refuse = [&](const std::string& message) {
    log::info("Refusing subscription of framework '{}': {}", info.name(), message);
    stream->send(errorEvent(message));
    stream->close();
    return response;
  };

  Try<Nothing> valid = validation::validateSubscribe(subscribe, validation::SubscribeOptions{});
  if (!valid) return refuse(valid.error().message);
  std::set<std::string> roles = validation::frameworkRoles(info);

  if (info.has_id() && completedFrameworks_.count(info.id().value()) != 0) {
    return refuse("Framework has been removed");
  }

  Framework* existing = info.has_id() ? framework(info.id().value()) : nullptr;
  if (existing != nullptr) {
    // Re-subscription (a scheduler failover or a reconnect).
    if (existing->stream) {
      log::info("Framework {} failed over", existing->id.value());
      existing->stream->send(errorEvent("Framework failed over"));
      existing->stream->close();
      existing->stream.reset();
    }
    existing->failover.cancel();
    existing->reregisteredTime = nowSeconds();

    // As Mesos' _failoverFramework: offers made to the old scheduler go back.
    std::set<std::string> offerIds = existing->offers;
    for (const std::string& offerId : offerIds) recoverOffer(offerId, false);

    updateFrameworkInfo(*existing, info, suppressed);
    attachStream(*existing, stream);
    sendSubscribed(*existing);

    if (!existing->active) {
      existing->active = true;
      v1::FrameworkID id = existing->id;
      allocator([id](module::Allocator& a) { a.activateFramework(id); });
    }

    // Operation updates still unacknowledged go to the new scheduler.
    for (auto& [operationId, entry] : existing->operations) {
      if (!entry.acknowledged) sendOperationUpdate(*existing, entry);
    }
    return response;
  }

  Framework added;
  if (info.has_id()) {
    // A framework we do not know with an id: it ran under an earlier master.
    added.id = info.id();
  } else {
    added.id.set_value(ids_->nextFramework());
    *info.mutable_id() = added.id;
  }
  added.info = info;
  added.roles = roles;
  added.suppressedRoles = suppressed;
  added.partitionAware = hasCapability(info, v1::FrameworkInfo::Capability::PARTITION_AWARE);
  added.registeredTime = nowSeconds();
  added.reregisteredTime = added.registeredTime;

  std::string id = added.id.value();
  Framework& framework = frameworks_.emplace(id, std::move(added)).first->second;
  log::info("Added framework {} ('{}') with roles {}", id, framework.info.name(),
            fmt::join(framework.roles, ","));
  addFramework(framework);
  attachStream(framework, stream);
  sendSubscribed(framework);
  return response;
}

void Master::addFramework(Framework& framework)
{
  framework.active = true;
  v1::FrameworkID id = framework.id;
  v1::FrameworkInfo info = framework.info;
  std::set<std::string> suppressed = framework.suppressedRoles;
  allocator([id, info, suppressed](module::Allocator& a) {
    a.addFramework(id, info, {}, true, suppressed);
  });
}

void Master::updateFrameworkInfo(Framework& framework, const v1::FrameworkInfo& info,
                                 const std::set<std::string>& suppressedRoles)
{
  framework.info = info;
  *framework.info.mutable_id() = framework.id;
  framework.roles = validation::frameworkRoles(info);
  framework.suppressedRoles = suppressedRoles;
  framework.partitionAware = hasCapability(info, v1::FrameworkInfo::Capability::PARTITION_AWARE);

  v1::FrameworkID id = framework.id;
  v1::FrameworkInfo updated = framework.info;
  allocator([id, updated, suppressedRoles](module::Allocator& a) {
    a.updateFramework(id, updated, suppressedRoles);
  });

  // Agents running its executors learn the new info (as Mesos' UpdateFrameworkMessage).
  AgentEvent event;
  event.set_type(AgentEvent::UPDATE_FRAMEWORK);
  *event.mutable_update_framework()->mutable_framework_info() = updated;
  for (auto& [agentId, agent] : agents_) {
    if (agent.tasks.count(id.value()) != 0 || agent.executors.count(id.value()) != 0) {
      sendToAgent(agent, event);
    }
  }
}

void Master::attachStream(Framework& framework, std::shared_ptr<EventStream> stream)
{
  framework.stream = stream;
  framework.active = true;
  std::string frameworkId = framework.id.value();
  std::string streamId = stream->streamId();
  stream->onClosed(defer([this, frameworkId, streamId]() {
    frameworkStreamClosed(frameworkId, streamId);
  }));
}

void Master::sendSubscribed(Framework& framework)
{
  SchedulerEvent subscribed;
  subscribed.set_type(SchedulerEvent::SUBSCRIBED);
  *subscribed.mutable_subscribed()->mutable_framework_id() = framework.id;
  subscribed.mutable_subscribed()->set_heartbeat_interval_seconds(
      settings_.heartbeatInterval.secs());
  *subscribed.mutable_subscribed()->mutable_master_info() = info_;
  sendToFramework(framework, subscribed);

  // As Mesos' HttpConnection heartbeater: one at once, then every interval.
  SchedulerEvent heartbeat;
  heartbeat.set_type(SchedulerEvent::HEARTBEAT);
  sendToFramework(framework, heartbeat);
  scheduleHeartbeat(framework.id.value(), framework.stream->streamId());
}

void Master::scheduleHeartbeat(const std::string& frameworkId, const std::string& streamId)
{
  Framework* found = framework(frameworkId);
  if (found == nullptr) return;
  found->heartbeat.cancel();
  found->heartbeat = delay(settings_.heartbeatInterval.chrono(), [this, frameworkId, streamId]() {
    Framework* framework = this->framework(frameworkId);
    if (framework == nullptr || !framework->stream || framework->stream->streamId() != streamId) {
      return;
    }
    SchedulerEvent heartbeat;
    heartbeat.set_type(SchedulerEvent::HEARTBEAT);
    sendToFramework(*framework, heartbeat);
    scheduleHeartbeat(frameworkId, streamId);
  });
}

void Master::frameworkStreamClosed(const std::string& frameworkId, const std::string& streamId)
{
  Framework* found = framework(frameworkId);
  // A stream replaced by a failover closes too; only the current one counts.
  if (found == nullptr || !found->stream || found->stream->streamId() != streamId) return;
  if (finalized_) return;
  log::info("Framework {} disconnected", frameworkId);
  disconnectFramework(*found);
}

void Master::disconnectFramework(Framework& framework)
{
  framework.stream.reset();
  framework.heartbeat.cancel();
  framework.active = false;

  v1::FrameworkID id = framework.id;
  allocator([id](module::Allocator& a) { a.deactivateFramework(id); });

  // As Mesos' deactivate(framework, rescind): its offers go back.
  std::set<std::string> offerIds = framework.offers;
  for (const std::string& offerId : offerIds) recoverOffer(offerId, false);

  // As Mesos: the tasks stay for failover_timeout (default 0), then teardown.
  double timeout = framework.info.has_failover_timeout() ? framework.info.failover_timeout() : 0;
  if (!std::isfinite(timeout) || timeout < 0) timeout = 0;
  double disconnectedAt = nowSeconds();
  framework.reregisteredTime = disconnectedAt;
  std::string frameworkId = id.value();
  auto after = std::chrono::duration<double>(std::min(timeout, 1e9));
  framework.failover =
      delay(std::chrono::duration_cast<std::chrono::steady_clock::duration>(after),
            [this, frameworkId, disconnectedAt]() { failoverTimeout(frameworkId, disconnectedAt); });
}

void Master::failoverTimeout(const std::string& frameworkId, double disconnectedAt)
{
  Framework* found = framework(frameworkId);
  if (found == nullptr || found->active || found->reregisteredTime != disconnectedAt) return;
  log::info("Framework failover timeout, removing framework {}", frameworkId);
  removeFramework(frameworkId);
}

void Master::removeFramework(std::string frameworkId)
{
  Framework* found = framework(frameworkId);
  if (found == nullptr) return;
  Framework& framework = *found;
  log::info("Removing framework {} ('{}')", frameworkId, framework.info.name());

  framework.heartbeat.cancel();
  framework.failover.cancel();
  for (auto& [operationId, operation] : framework.operations) operation.retry.cancel();

  // Agents shut its executors and tasks down.
  AgentEvent shutdown;
  shutdown.set_type(AgentEvent::SHUTDOWN_FRAMEWORK);
  *shutdown.mutable_shutdown_framework()->mutable_framework_id() = framework.id;
  for (auto& [agentId, agent] : agents_) {
    if (agent.tasks.count(frameworkId) != 0 || agent.executors.count(frameworkId) != 0) {
      sendToAgent(agent, shutdown);
    }
  }

  std::set<std::string> offerIds = framework.offers;
  for (const std::string& offerId : offerIds) recoverOffer(offerId, false);

  // Its tasks end as TASK_KILLED (Mesos' removeFramework), releasing their resources.
  std::vector<std::string> taskIds;
  for (const auto& [taskId, entry] : framework.tasks) taskIds.push_back(taskId);
  for (const std::string& taskId : taskIds) {
    TaskEntry& entry = framework.tasks.at(taskId);
    if (!isTerminalState(entry.task.state())) entry.task.set_state(v1::TASK_KILLED);
    recoverTaskResources(framework, entry);
    removeTask(framework, taskId);
  }
  for (auto& [agentId, agent] : agents_) {
    auto executors = agent.executors.find(frameworkId);
    if (executors == agent.executors.end()) continue;
    std::vector<std::string> executorIds;
    for (const auto& [executorId, executor] : executors->second) executorIds.push_back(executorId);
    for (const std::string& executorId : executorIds) removeExecutor(agent, frameworkId, executorId);
  }

  v1::FrameworkID id = framework.id;
  allocator([id](module::Allocator& a) { a.removeFramework(id); });

  if (framework.stream) framework.stream->close();
  completedFrameworks_[frameworkId] = framework.info;
  frameworks_.erase(frameworkId);
}

}  // namespace nucleus::master
