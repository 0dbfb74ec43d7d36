// Tasks: status updates from agents (forwarded as UPDATE, acknowledged back to
// the agent once the scheduler ACKNOWLEDGEs), KILL, SHUTDOWN, MESSAGE and
// RECONCILE. As Mesos 1.5's statusUpdate, updateTask, acknowledge, kill,
// shutdown, message and _reconcileTasks.

#include "kernel/common/logging.hpp"
#include "kernel/master/master.hpp"
#include "kernel/master/status_updates.hpp"

namespace nucleus::master {

void Master::statusUpdate(Agent& agent, const AgentCall::StatusUpdate& update)
{
  const v1::TaskStatus& status = update.status();
  Framework* framework = this->framework(update.framework_id().value());
  if (framework == nullptr) {
    log::warning("Ignoring {} update of task {} for unknown framework {}",
                 v1::TaskState_Name(status.state()), status.task_id().value(),
                 update.framework_id().value());
    return;
  }

  auto it = framework->tasks.find(status.task_id().value());
  if (it != framework->tasks.end()) {
    TaskEntry& entry = it->second;
    v1::TaskState latest = update.has_latest_state() ? update.latest_state() : status.state();
    entry.task.set_state(latest);
    entry.statusUpdateState = status.state();
    if (status.has_uuid()) {
      entry.statusUpdateUuid = status.uuid();
    } else {
      entry.statusUpdateUuid.reset();
    }
    // As Mesos: keep the statuses, without their (possibly large) data.
    bool seen = false;
    for (const v1::TaskStatus& earlier : entry.task.statuses()) {
      if (status.has_uuid() && earlier.uuid() == status.uuid()) seen = true;
    }
    if (!seen) {
      v1::TaskStatus kept = status;
      kept.clear_data();
      *entry.task.add_statuses() = kept;
    }
    entry.task.set_status_update_state(status.state());
    if (status.has_uuid()) entry.task.set_status_update_uuid(status.uuid());
    log::info("Status update {} of task {} of framework {} from agent {}",
              v1::TaskState_Name(status.state()), status.task_id().value(),
              framework->id.value(), agent.id.value());

    // The resources are free once the task is terminal at the agent.
    if (isTerminalState(latest)) recoverTaskResources(*framework, entry);
  } else {
    log::warning("Status update {} for unknown task {} of framework {} from agent {}",
                 v1::TaskState_Name(status.state()), status.task_id().value(),
                 framework->id.value(), agent.id.value());
  }

  forwardUpdate(*framework, status);

  // An update that needs no acknowledgement completes at once.
  if (!status.has_uuid() && it != framework->tasks.end() && isTerminalState(status.state())) {
    removeTask(*framework, status.task_id().value());
  }
}

void Master::recoverTaskResources(Framework& framework, TaskEntry& entry)
{
  if (entry.resourcesRecovered) return;
  entry.resourcesRecovered = true;
  const std::string frameworkId = framework.id.value();
  if (Agent* agent = this->agent(entry.task.agent_id().value())) {
    agent->usedByFramework[frameworkId] -= entry.resources;
    if (agent->usedByFramework[frameworkId].empty()) agent->usedByFramework.erase(frameworkId);
  }
  v1::FrameworkID id = framework.id;
  v1::AgentID agentId = entry.task.agent_id();
  Resources resources = entry.resources;
  allocator([id, agentId, resources](module::Allocator& a) {
    a.recoverResources(id, agentId, resources, std::nullopt);
  });
}

void Master::removeTask(Framework& framework, const std::string& taskId)
{
  auto it = framework.tasks.find(taskId);
  if (it == framework.tasks.end()) return;
  recoverTaskResources(framework, it->second);
  const std::string frameworkId = framework.id.value();
  if (Agent* agent = this->agent(it->second.task.agent_id().value())) {
    auto tasks = agent->tasks.find(frameworkId);
    if (tasks != agent->tasks.end()) {
      tasks->second.erase(taskId);
      if (tasks->second.empty()) agent->tasks.erase(tasks);
    }
  }
  framework.completedTasks.push_back(std::move(it->second.task));
  while (framework.completedTasks.size() >
         static_cast<size_t>(std::max<int64_t>(0, settings_.maxCompletedTasksPerFramework))) {
    framework.completedTasks.pop_front();
  }
  framework.tasks.erase(it);
}

void Master::removeExecutor(Agent& agent, const std::string& frameworkId,
                            const std::string& executorId)
{
  auto byFramework = agent.executors.find(frameworkId);
  if (byFramework == agent.executors.end()) return;
  auto it = byFramework->second.find(executorId);
  if (it == byFramework->second.end()) return;

  Resources resources(it->second.resources());
  agent.usedByFramework[frameworkId] -= resources;
  if (agent.usedByFramework[frameworkId].empty()) agent.usedByFramework.erase(frameworkId);
  if (!resources.empty()) {
    v1::FrameworkID id;
    id.set_value(frameworkId);
    v1::AgentID agentId = agent.id;
    allocator([id, agentId, resources](module::Allocator& a) {
      a.recoverResources(id, agentId, resources, std::nullopt);
    });
  }
  byFramework->second.erase(it);
  if (byFramework->second.empty()) agent.executors.erase(byFramework);
  if (Framework* framework = this->framework(frameworkId)) {
    auto executors = framework->executors.find(agent.id.value());
    if (executors != framework->executors.end()) {
      executors->second.erase(executorId);
      if (executors->second.empty()) framework->executors.erase(executors);
    }
  }
}

void Master::acknowledge(Framework& framework, const SchedulerCall::Acknowledge& call)
{
  Agent* agent = this->agent(call.agent_id().value());
  if (agent == nullptr) {
    log::warning("Cannot send status update acknowledgement for task {} of framework {} to "
                 "agent {}: the agent is not registered",
                 call.task_id().value(), framework.id.value(), call.agent_id().value());
    return;
  }
  if (!agent->connected) {
    log::warning("Cannot send status update acknowledgement for task {} of framework {} to "
                 "agent {}: the agent is disconnected",
                 call.task_id().value(), framework.id.value(), agent->id.value());
    return;
  }

  auto it = framework.tasks.find(call.task_id().value());
  if (it != framework.tasks.end()) {
    TaskEntry& entry = it->second;
    // The acknowledged update was the terminal one: the task is done.
    if (entry.statusUpdateUuid && *entry.statusUpdateUuid == call.uuid() &&
        entry.statusUpdateState && isTerminalState(*entry.statusUpdateState)) {
      removeTask(framework, call.task_id().value());
    }
  }

  AgentEvent event;
  event.set_type(AgentEvent::ACKNOWLEDGE);
  *event.mutable_acknowledge()->mutable_framework_id() = framework.id;
  *event.mutable_acknowledge()->mutable_task_id() = call.task_id();
  event.mutable_acknowledge()->set_uuid(call.uuid());
  sendToAgent(*agent, event);
}

void Master::kill(Framework& framework, const SchedulerCall::Kill& call)
{
  log::info("Processing KILL call for task '{}' of framework {}", call.task_id().value(),
            framework.id.value());
  auto it = framework.tasks.find(call.task_id().value());
  if (it == framework.tasks.end()) {
    // As Mesos: an unknown task is reconciled, which answers TASK_LOST (or
    // TASK_UNKNOWN/TASK_GONE/TASK_UNREACHABLE for partition-aware frameworks).
    log::warning("Cannot kill task {} of framework {} because it is unknown; performing "
                 "reconciliation",
                 call.task_id().value(), framework.id.value());
    SchedulerCall::Reconcile::Task task;
    *task.mutable_task_id() = call.task_id();
    if (call.has_agent_id()) *task.mutable_agent_id() = call.agent_id();
    reconcile(framework, {task});
    return;
  }

  const v1::Task& task = it->second.task;
  if (call.has_agent_id() && call.agent_id().value() != task.agent_id().value()) {
    log::warning("Cannot kill task {} of agent {} of framework {}: it belongs to agent {}",
                 call.task_id().value(), call.agent_id().value(), framework.id.value(),
                 task.agent_id().value());
    return;
  }
  Agent* agent = this->agent(task.agent_id().value());
  if (agent == nullptr || !agent->connected) {
    log::warning("Cannot kill task {} of framework {}: agent {} is disconnected",
                 call.task_id().value(), framework.id.value(), task.agent_id().value());
    return;
  }
  AgentEvent event;
  event.set_type(AgentEvent::KILL_TASK);
  *event.mutable_kill_task()->mutable_framework_id() = framework.id;
  *event.mutable_kill_task()->mutable_task_id() = call.task_id();
  if (call.has_kill_policy()) *event.mutable_kill_task()->mutable_kill_policy() = call.kill_policy();
  sendToAgent(*agent, event);
}

void Master::shutdownExecutor(Framework& framework, const SchedulerCall::Shutdown& call)
{
  Agent* agent = this->agent(call.agent_id().value());
  if (agent == nullptr || !agent->connected) {
    log::warning("Cannot shut down executor {} of framework {}: agent {} is not connected",
                 call.executor_id().value(), framework.id.value(), call.agent_id().value());
    return;
  }
  AgentEvent event;
  event.set_type(AgentEvent::SHUTDOWN_EXECUTOR);
  *event.mutable_shutdown_executor()->mutable_framework_id() = framework.id;
  *event.mutable_shutdown_executor()->mutable_executor_id() = call.executor_id();
  sendToAgent(*agent, event);
}

void Master::message(Framework& framework, const SchedulerCall::Message& call)
{
  Agent* agent = this->agent(call.agent_id().value());
  if (agent == nullptr || !agent->connected) {
    log::warning("Cannot send framework message for framework {} to agent {}: it is not "
                 "connected",
                 framework.id.value(), call.agent_id().value());
    return;
  }
  AgentEvent event;
  event.set_type(AgentEvent::FRAMEWORK_MESSAGE);
  *event.mutable_framework_message()->mutable_framework_id() = framework.id;
  *event.mutable_framework_message()->mutable_executor_id() = call.executor_id();
  event.mutable_framework_message()->set_data(call.data());
  sendToAgent(*agent, event);
}

void Master::reconcile(Framework& framework,
                       const std::vector<SchedulerCall::Reconcile::Task>& tasks)
{
  auto latest = [](const TaskEntry& entry) {
    MasterStatus status;
    status.taskId = entry.task.task_id();
    status.state = entry.statusUpdateState.value_or(entry.task.state());
    status.message = "Reconciliation: Latest task state";
    status.reason = v1::TaskStatus::REASON_RECONCILIATION;
    status.agentId = entry.task.agent_id();
    if (entry.task.has_executor_id()) status.executorId = entry.task.executor_id();
    return masterStatus(status);
  };

  if (tasks.empty()) {
    log::info("Performing implicit task state reconciliation for framework {}",
              framework.id.value());
    for (const auto& [taskId, entry] : framework.tasks) forwardUpdate(framework, latest(entry));
    return;
  }

  log::info("Performing explicit task state reconciliation for {} tasks of framework {}",
            tasks.size(), framework.id.value());
  for (const SchedulerCall::Reconcile::Task& task : tasks) {
    auto it = framework.tasks.find(task.task_id().value());
    if (it != framework.tasks.end()) {
      forwardUpdate(framework, latest(it->second));
      continue;
    }
    MasterStatus status;
    status.taskId = task.task_id();
    status.reason = v1::TaskStatus::REASON_RECONCILIATION;
    if (task.has_agent_id()) status.agentId = task.agent_id();
    const std::string agentId = task.has_agent_id() ? task.agent_id().value() : "";
    if (task.has_agent_id() && agents_.count(agentId) != 0) {
      status.state = framework.partitionAware ? v1::TASK_GONE : v1::TASK_LOST;
      status.message = "Reconciliation: Task is unknown to the agent";
    } else if (task.has_agent_id() && unreachableAgents_.count(agentId) != 0) {
      status.state = framework.partitionAware ? v1::TASK_UNREACHABLE : v1::TASK_LOST;
      status.message = "Reconciliation: Task is unreachable";
      status.unreachableTime = unreachableAgents_.at(agentId);
    } else {
      status.state = framework.partitionAware ? v1::TASK_UNKNOWN : v1::TASK_LOST;
      status.message = "Reconciliation: Task is unknown";
    }
    forwardUpdate(framework, masterStatus(status));
  }
}

}  // namespace nucleus::master
