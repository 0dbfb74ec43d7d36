// Stopping work: KILL_TASK, SHUTDOWN_FRAMEWORK and the master's SHUTDOWN of
// this agent (Mesos 1.5's Slave::killTask, shutdownFramework, shutdown).

#include "kernel/agent/agent.hpp"
#include "kernel/agent/task_status.hpp"
#include "kernel/common/logging.hpp"

namespace nucleus::agent {

using nucleus::internal::AgentEvent;

void Agent::killTask(const AgentEvent::KillTask& kill)
{
  const mesos::v1::FrameworkID& frameworkId = kill.framework_id();
  const std::string& taskId = kill.task_id().value();
  log::info("Asked to kill task '{}' of framework {}", taskId, frameworkId.value());

  Framework* framework = this->framework(frameworkId);
  if (framework == nullptr) {
    log::warning("Ignoring kill of task '{}': framework {} has nothing running here", taskId,
                 frameworkId.value());
    return;
  }
  if (framework->terminating) {
    log::warning("Ignoring kill of task '{}': framework {} is terminating", taskId,
                 frameworkId.value());
    return;
  }

  Executor* executor = framework->executorOfTask(taskId);
  if (executor == nullptr) {
    log::warning("Cannot kill task '{}' of framework {}: no executor runs it", taskId,
                 frameworkId.value());
    AgentStatus status;
    status.taskId = kill.task_id();
    status.state = framework->partitionAware() ? mesos::v1::TASK_DROPPED : mesos::v1::TASK_LOST;
    status.message = "Cannot find executor";
    status.reason = mesos::v1::TaskStatus::REASON_EXECUTOR_TERMINATED;
    statusUpdate(frameworkId, makeAgentStatus(status, info_.id()), false);
    return;
  }

  switch (executor->state) {
    case Executor::State::Terminating:
    case Executor::State::Terminated:
      log::warning("Ignoring kill of task '{}': its executor is terminating", taskId);
      return;
    case Executor::State::Registering:
    case Executor::State::Running:
      break;
  }

  if (executor->isQueued(taskId)) {
    // Not yet given to the executor: it never runs. A task of a group takes
    // its whole group with it, as Mesos.
    std::vector<mesos::v1::TaskID> killed;
    std::string message = "Killed before delivery to the executor";
    if (auto group = executor->queuedTaskGroup(taskId)) {
      message = "A task within the task group was killed before delivery to the executor";
      for (const auto& task : group->tasks()) killed.push_back(task.task_id());
    } else {
      killed.push_back(kill.task_id());
    }
    for (const auto& id : killed) {
      AgentStatus status;
      status.taskId = id;
      status.state = mesos::v1::TASK_KILLED;
      status.message = message;
      status.reason = mesos::v1::TaskStatus::REASON_TASK_KILLED_DURING_LAUNCH;
      status.executorId = executor->info.executor_id();
      statusUpdate(frameworkId, makeAgentStatus(status, info_.id()), false);
    }
    return;
  }

  mesos::v1::executor::Event event;
  event.set_type(mesos::v1::executor::Event::KILL);
  *event.mutable_kill()->mutable_task_id() = kill.task_id();
  if (kill.has_kill_policy()) *event.mutable_kill()->mutable_kill_policy() = kill.kill_policy();
  if (!executor->send(event)) {
    log::warning("Could not deliver the kill of task '{}': executor '{}' is not connected", taskId,
                 executor->info.executor_id().value());
  }
}

void Agent::shutdownFramework(const mesos::v1::FrameworkID& frameworkId)
{
  Framework* framework = this->framework(frameworkId);
  if (framework == nullptr) return;
  log::info("Shutting down framework {}", frameworkId.value());
  framework->terminating = true;
  for (auto& [executorId, executor] : framework->executors) {
    if (executor->state == Executor::State::Registering ||
        executor->state == Executor::State::Running) {
      shutdownExecutor(*framework, *executor);
    }
  }
  removeFramework(frameworkId.value());
}

void Agent::shutdownFromMaster(const std::string& message)
{
  // Mesos' agent exits here and its supervisor restarts it as a new agent;
  // we do the same in-process: kill everything, forget the id, register anew.
  log::warning(
      "The master removed this agent{}{}; shutting down every framework and "
      "registering as a new agent",
      message.empty() ? "" : ": ", message);
  std::vector<mesos::v1::FrameworkID> ids;
  for (const auto& [id, framework] : frameworks_) ids.push_back(framework->id());
  for (const auto& id : ids) shutdownFramework(id);
  for (auto& [id, framework] : frameworks_) {
    for (auto& [executorId, executor] : framework->executors) {
      if (executor->state != Executor::State::Terminated) {
        containerizer_->destroy(executor->containerId);
      }
    }
  }
  send(updates_, [ids](StatusUpdateManager& manager) {
    for (const auto& id : ids) manager.cleanup(id);
  });
  info_.clear_id();
  link_.disconnect();
  state_ = State::Disconnected;
  send(updates_, [](StatusUpdateManager& manager) { manager.pause(); });
  backoff_ = options_.settings.registrationBackoffFactor;
  scheduleRegistration();
}

}  // namespace nucleus::agent
