// Status updates: from executors (UPDATE) and from the agent itself, into the
// task's state and the status update manager, out to the master, and the
// master's acknowledgements back (Mesos 1.5's Slave::statusUpdate,
// _statusUpdate, ___statusUpdate, forward and statusUpdateAcknowledgement).
// RECONCILE_TASKS is answered here too.

#include "kernel/agent/agent.hpp"
#include "kernel/agent/task_status.hpp"
#include "kernel/common/logging.hpp"

namespace nucleus::agent {

using nucleus::internal::AgentCall;
using nucleus::internal::AgentEvent;

namespace {

std::string hostOf(const std::string& endpoint)
{
  size_t colon = endpoint.rfind(':');
  return colon == std::string::npos ? endpoint : endpoint.substr(0, colon);
}

}  // namespace

void Agent::statusUpdate(const mesos::v1::FrameworkID& frameworkId, mesos::v1::TaskStatus status,
                         bool fromExecutor)
{
  *status.mutable_agent_id() = info_.id();
  if (!status.has_timestamp()) status.set_timestamp(nowSeconds());
  const std::string taskId = status.task_id().value();

  Framework* framework = this->framework(frameworkId);
  if (framework == nullptr || framework->terminating) {
    log::warning("Ignoring status update {} of task '{}': framework {} is {}",
                 mesos::v1::TaskState_Name(status.state()), taskId, frameworkId.value(),
                 framework == nullptr ? "unknown" : "terminating");
    return;
  }

  std::optional<std::string> executorId;
  if (Executor* executor = framework->executorOfTask(taskId)) {
    executorId = executor->info.executor_id().value();
    if (!executor->isQueued(taskId)) {
      auto* container = status.mutable_container_status();
      *container->mutable_container_id() = executor->containerId;
      if (container->network_infos_size() == 0) {
        container->add_network_infos()->add_ip_addresses()->set_ip_address(
            hostOf(options_.endpoint));
      }
    }
    if (Try<Nothing> updated = executor->updateTaskState(status, frameworkId, info_.id());
        !updated) {
      log::error("Failed to update the state of task '{}' to {}: {}", taskId,
                 mesos::v1::TaskState_Name(status.state()), updated.error().message);
      // As Mesos: the executor still gets its acknowledgement.
      if (fromExecutor) {
        mesos::v1::executor::Event ack;
        ack.set_type(mesos::v1::executor::Event::ACKNOWLEDGED);
        *ack.mutable_acknowledged()->mutable_task_id() = status.task_id();
        ack.mutable_acknowledged()->set_uuid(status.uuid());
        executor->send(ack);
      }
      return;
    }
    if (isTerminalState(status.state())) {
      containerizer_->update(executor->containerId, executor->allocatedResources());
    }
  } else {
    log::warning("Could not find the executor of task '{}' of framework {} for its status update",
                 taskId, frameworkId.value());
  }

  dispatch(updates_, [frameworkId, status](StatusUpdateManager& manager) {
    return manager.update(frameworkId, status);
  }).onAny(defer([this, frameworkId, executorId, status, fromExecutor](const Try<bool>& taken) {
    if (!taken) {
      log::error("Failed to handle status update {} of task '{}': {}",
                 mesos::v1::TaskState_Name(status.state()), status.task_id().value(),
                 taken.error().message);
      return;
    }
    if (!fromExecutor || !executorId) return;
    Framework* framework = this->framework(frameworkId);
    Executor* executor = framework ? framework->executor(*executorId) : nullptr;
    if (executor == nullptr) return;
    mesos::v1::executor::Event ack;
    ack.set_type(mesos::v1::executor::Event::ACKNOWLEDGED);
    *ack.mutable_acknowledged()->mutable_task_id() = status.task_id();
    ack.mutable_acknowledged()->set_uuid(status.uuid());
    executor->send(ack);
  }));
}

std::optional<mesos::v1::Task> Agent::findTask(const std::string& frameworkId,
                                               const std::string& taskId)
{
  auto found = frameworks_.find(frameworkId);
  if (found == frameworks_.end()) return std::nullopt;
  Executor* executor = found->second->executorOfTask(taskId);
  if (executor == nullptr) return std::nullopt;
  return executor->findTask(taskId, found->second->id(), info_.id());
}

void Agent::forwardUpdate(AgentCall::StatusUpdate update)
{
  if (state_ != State::Running) return;  // the manager resends after re-registration
  if (auto task = findTask(update.framework_id().value(), update.status().task_id().value())) {
    update.set_latest_state(task->state());
  }
  AgentCall call;
  call.set_type(AgentCall::STATUS_UPDATE);
  *call.mutable_status_update() = std::move(update);
  sendToMaster(std::move(call));
}

void Agent::acknowledge(const AgentEvent::Acknowledge& ack)
{
  mesos::v1::FrameworkID frameworkId = ack.framework_id();
  mesos::v1::TaskID taskId = ack.task_id();
  std::string uuid = ack.uuid();
  dispatch(updates_, [frameworkId, taskId, uuid](StatusUpdateManager& manager) {
    return manager.acknowledgement(frameworkId, taskId, uuid);
  }).onAny(defer([this, frameworkId, taskId](const Try<StatusUpdateManager::Acknowledged>& result) {
    onAcknowledged(frameworkId, taskId, result);
  }));
}

void Agent::onAcknowledged(const mesos::v1::FrameworkID& frameworkId,
                           const mesos::v1::TaskID& taskId,
                           const Try<StatusUpdateManager::Acknowledged>& result)
{
  if (!result) {
    log::warning("Failed to handle the acknowledgement of task '{}' of framework {}: {}",
                 taskId.value(), frameworkId.value(), result.error().message);
    return;
  }
  if (!result->terminated) return;

  Framework* framework = this->framework(frameworkId);
  if (framework == nullptr) return;
  Executor* executor = framework->executorOfTask(taskId.value());
  if (executor == nullptr) return;
  executor->completeTask(taskId.value());
  if (executor->state == Executor::State::Terminated && !executor->incompleteTasks()) {
    removeExecutor(*framework, executor->info.executor_id().value());
    removeFramework(frameworkId.value());
  }
}

void Agent::reconcileTasks(const AgentEvent::ReconcileTasks& reconcile)
{
  const mesos::v1::FrameworkID& frameworkId = reconcile.framework_id();
  Framework* framework = this->framework(frameworkId);
  std::vector<mesos::v1::TaskID> taskIds(reconcile.task_ids().begin(), reconcile.task_ids().end());
  if (taskIds.empty() && framework != nullptr) {
    for (const auto& [executorId, executor] : framework->executors) {
      for (const auto& task : executor->queuedTasks) taskIds.push_back(task.task_id());
      for (const auto& [id, task] : executor->launchedTasks) taskIds.push_back(task.task_id());
      for (const auto& [id, task] : executor->terminatedTasks) taskIds.push_back(task.task_id());
    }
  }

  // Reconciliation updates carry no uuid: they need no acknowledgement.
  for (const auto& taskId : taskIds) {
    mesos::v1::TaskStatus status;
    *status.mutable_task_id() = taskId;
    status.set_source(mesos::v1::TaskStatus::SOURCE_AGENT);
    status.set_reason(mesos::v1::TaskStatus::REASON_RECONCILIATION);
    status.set_timestamp(nowSeconds());
    *status.mutable_agent_id() = info_.id();
    if (auto task = findTask(frameworkId.value(), taskId.value())) {
      status.set_state(task->state());
      if (task->has_executor_id()) *status.mutable_executor_id() = task->executor_id();
    } else {
      bool partitionAware = framework != nullptr && framework->partitionAware();
      status.set_state(partitionAware ? mesos::v1::TASK_DROPPED : mesos::v1::TASK_LOST);
      status.set_message("Reconciliation: task unknown to the agent");
    }
    AgentCall call;
    call.set_type(AgentCall::STATUS_UPDATE);
    *call.mutable_status_update()->mutable_framework_id() = frameworkId;
    *call.mutable_status_update()->mutable_status() = std::move(status);
    sendToMaster(std::move(call));
  }
}

}  // namespace nucleus::agent
