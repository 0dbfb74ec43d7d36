#include "kernel/agent/agent_state.hpp"

#include <algorithm>

#include "kernel/agent/task_status.hpp"

namespace nucleus::agent {

namespace {

// Mesos keeps this many completed tasks per executor (MAX_COMPLETED_TASKS_PER_EXECUTOR).
constexpr size_t kMaxCompletedTasks = 200;

}  // namespace

mesos::v1::Task makeTask(const mesos::v1::TaskInfo& task, mesos::v1::TaskState state,
                         const mesos::v1::FrameworkID& frameworkId,
                         const mesos::v1::AgentID& agentId)
{
  mesos::v1::Task t;
  *t.mutable_framework_id() = frameworkId;
  t.set_state(state);
  t.set_name(task.name());
  *t.mutable_task_id() = task.task_id();
  *t.mutable_agent_id() = task.has_agent_id() ? task.agent_id() : agentId;
  *t.mutable_resources() = task.resources();
  if (task.has_executor()) *t.mutable_executor_id() = task.executor().executor_id();
  if (task.has_labels()) *t.mutable_labels() = task.labels();
  if (task.has_discovery()) *t.mutable_discovery() = task.discovery();
  if (task.has_container()) *t.mutable_container() = task.container();
  if (task.has_command() && task.command().has_user()) {
    t.set_user(task.command().user());
  } else if (task.has_executor() && task.executor().command().has_user()) {
    t.set_user(task.executor().command().user());
  }
  return t;
}

bool Executor::isQueued(const std::string& taskId) const
{
  return queuedTask(taskId) != nullptr;
}

const mesos::v1::TaskInfo* Executor::queuedTask(const std::string& taskId) const
{
  for (const auto& task : queuedTasks) {
    if (task.task_id().value() == taskId) return &task;
  }
  return nullptr;
}

std::optional<mesos::v1::TaskGroupInfo> Executor::queuedTaskGroup(const std::string& taskId) const
{
  for (const auto& group : queuedTaskGroups) {
    for (const auto& task : group.tasks()) {
      if (task.task_id().value() == taskId) return group;
    }
  }
  return std::nullopt;
}

void Executor::removeQueued(const std::string& taskId)
{
  std::erase_if(queuedTasks,
                [&](const mesos::v1::TaskInfo& task) { return task.task_id().value() == taskId; });
  // A group leaves the queue with its last task.
  for (auto& group : queuedTaskGroups) {
    auto* tasks = group.mutable_tasks();
    for (int i = 0; i < tasks->size(); ++i) {
      if (tasks->Get(i).task_id().value() == taskId) {
        tasks->DeleteSubrange(i, 1);
        break;
      }
    }
  }
  std::erase_if(queuedTaskGroups,
                [](const mesos::v1::TaskGroupInfo& group) { return group.tasks().empty(); });
}

std::optional<mesos::v1::Task> Executor::findTask(const std::string& taskId,
                                                  const mesos::v1::FrameworkID& frameworkId,
                                                  const mesos::v1::AgentID& agentId) const
{
  if (auto it = launchedTasks.find(taskId); it != launchedTasks.end()) return it->second;
  if (auto it = terminatedTasks.find(taskId); it != terminatedTasks.end()) return it->second;
  if (const mesos::v1::TaskInfo* queued = queuedTask(taskId)) {
    return makeTask(*queued, mesos::v1::TASK_STAGING, frameworkId, agentId);
  }
  return std::nullopt;
}

Try<Nothing> Executor::updateTaskState(const mesos::v1::TaskStatus& status,
                                       const mesos::v1::FrameworkID& frameworkId,
                                       const mesos::v1::AgentID& agentId)
{
  bool terminal = isTerminalState(status.state());
  const std::string& taskId = status.task_id().value();
  mesos::v1::Task task;

  if (const mesos::v1::TaskInfo* queued = queuedTask(taskId)) {
    if (!terminal) return Error("Cannot send non-terminal update for queued task");
    task = makeTask(*queued, status.state(), frameworkId, agentId);
    removeQueued(taskId);
  } else if (auto it = launchedTasks.find(taskId); it != launchedTasks.end()) {
    task = it->second;
    if (terminal) launchedTasks.erase(it);
  } else if (auto done = terminatedTasks.find(taskId); done != terminatedTasks.end()) {
    return Error("Task is already terminated with state " +
                 mesos::v1::TaskState_Name(done->second.state()));
  } else {
    return Error("Task is unknown");
  }

  // One status per state, the latest, as Mesos keeps them.
  if (task.statuses_size() > 0 &&
      task.statuses(task.statuses_size() - 1).state() == status.state()) {
    task.mutable_statuses()->RemoveLast();
  }
  mesos::v1::TaskStatus kept = status;
  kept.clear_data();
  *task.add_statuses() = kept;
  task.set_state(status.state());
  task.set_status_update_state(status.state());
  task.set_status_update_uuid(status.uuid());

  if (terminal) {
    terminatedTasks[taskId] = task;
  } else {
    launchedTasks[taskId] = task;
  }
  return Nothing{};
}

void Executor::completeTask(const std::string& taskId)
{
  auto it = terminatedTasks.find(taskId);
  if (it == terminatedTasks.end()) return;
  completedTasks.push_back(it->second);
  if (completedTasks.size() > kMaxCompletedTasks) completedTasks.pop_front();
  terminatedTasks.erase(it);
}

bool Executor::incompleteTasks() const
{
  return !queuedTasks.empty() || !launchedTasks.empty() || !terminatedTasks.empty();
}

Resources Executor::allocatedResources() const
{
  Resources resources(info.resources());
  for (const auto& task : queuedTasks) resources += Resources(task.resources());
  for (const auto& [id, task] : launchedTasks) resources += Resources(task.resources());
  return resources;
}

bool Executor::send(const mesos::v1::executor::Event& event) const
{
  if (!stream) return false;
  return stream->write(encodeEvent(event, contentType));
}

Executor* Framework::executor(const std::string& executorId)
{
  auto it = executors.find(executorId);
  return it == executors.end() ? nullptr : it->second.get();
}

Executor* Framework::executorOfTask(const std::string& taskId)
{
  for (auto& [id, executor] : executors) {
    if (executor->isQueued(taskId) || executor->launchedTasks.contains(taskId) ||
        executor->terminatedTasks.contains(taskId)) {
      return executor.get();
    }
  }
  return nullptr;
}

bool Framework::partitionAware() const
{
  for (const auto& capability : info.capabilities()) {
    if (capability.type() == mesos::v1::FrameworkInfo::Capability::PARTITION_AWARE) return true;
  }
  return false;
}

}  // namespace nucleus::agent
