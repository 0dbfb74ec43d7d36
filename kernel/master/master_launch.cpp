// LAUNCH and LAUNCH_GROUP: each task is validated against what is left of the
// offer (Mesos' validation::task::validate through validation.hpp), added, and
// sent to the agent as RUN_TASK / RUN_TASK_GROUP. An invalid task gets
// TASK_ERROR with REASON_TASK_INVALID (REASON_TASK_GROUP_INVALID for a group)
// and the validation's message, as Mesos 1.5's _accept.

#include "kernel/common/logging.hpp"
#include "kernel/master/master.hpp"
#include "kernel/master/status_updates.hpp"
#include "kernel/master/validation/validation.hpp"

namespace nucleus::master {

namespace {

std::optional<v1::ExecutorInfo> findExecutor(const Agent& agent, const std::string& frameworkId,
                                             const std::string& executorId)
{
  auto byFramework = agent.executors.find(frameworkId);
  if (byFramework == agent.executors.end()) return std::nullopt;
  auto it = byFramework->second.find(executorId);
  if (it == byFramework->second.end()) return std::nullopt;
  return it->second;
}

}  // namespace

void Master::addTask(Framework& framework, Agent& agent, const v1::TaskInfo& info,
                     const Resources& resources)
{
  TaskEntry entry;
  v1::Task& task = entry.task;
  task.set_name(info.name());
  *task.mutable_task_id() = info.task_id();
  *task.mutable_framework_id() = framework.id;
  if (info.has_executor()) *task.mutable_executor_id() = info.executor().executor_id();
  *task.mutable_agent_id() = agent.id;
  task.set_state(v1::TASK_STAGING);
  *task.mutable_resources() = info.resources();
  if (info.has_labels()) *task.mutable_labels() = info.labels();
  if (info.has_discovery()) *task.mutable_discovery() = info.discovery();
  if (info.has_container()) *task.mutable_container() = info.container();
  if (info.has_command() && info.command().has_user()) {
    task.set_user(info.command().user());
  } else if (framework.info.has_user()) {
    task.set_user(framework.info.user());
  }
  entry.resources = Resources(info.resources());

  const std::string frameworkId = framework.id.value();
  agent.tasks[frameworkId].insert(info.task_id().value());
  agent.usedByFramework[frameworkId] += resources;
  framework.tasks[info.task_id().value()] = std::move(entry);
}

void Master::launch(Framework& framework, Agent& agent, const v1::Offer::Operation& operation,
                    Resources& offered, Resources& used)
{
  const std::string frameworkId = framework.id.value();
  for (v1::TaskInfo task : operation.launch().task_infos()) {
    validation::TaskContext context{
        framework.info,
        agent.info,
        offered,
        [&](const v1::TaskID& id) { return framework.tasks.count(id.value()) != 0; },
        [&](const v1::ExecutorID& id) { return findExecutor(agent, frameworkId, id.value()); }};
    Try<Nothing> valid = validation::validateTask(task, context);
    if (!valid) {
      taskError(framework, task, v1::TaskStatus::REASON_TASK_INVALID, valid.error().message);
      continue;
    }

    Resources consumed(task.resources());
    bool newExecutor = false;
    if (task.has_executor()) {
      if (!task.executor().has_framework_id()) {
        *task.mutable_executor()->mutable_framework_id() = framework.id;
      }
      const std::string executorId = task.executor().executor_id().value();
      if (!findExecutor(agent, frameworkId, executorId)) {
        newExecutor = true;
        consumed += Resources(task.executor().resources());
      }
    }
    if (!offered.contains(consumed)) {
      taskError(framework, task, v1::TaskStatus::REASON_TASK_INVALID,
                "Task uses more resources " + consumed.toString() +
                    " than available " + offered.toString());
      continue;
    }
    offered -= consumed;
    used += consumed;

    if (newExecutor) {
      const v1::ExecutorInfo& executor = task.executor();
      agent.executors[frameworkId][executor.executor_id().value()] = executor;
      framework.executors[agent.id.value()][executor.executor_id().value()] = executor;
      agent.usedByFramework[frameworkId] += Resources(executor.resources());
    }
    addTask(framework, agent, task, Resources(task.resources()));

    log::info("Launching task {} of framework {} with resources {} on agent {}",
              task.task_id().value(), frameworkId, Resources(task.resources()).toString(),
              agent.id.value());
    AgentEvent event;
    event.set_type(AgentEvent::RUN_TASK);
    *event.mutable_run_task()->mutable_framework_info() = framework.info;
    *event.mutable_run_task()->mutable_task() = task;
    sendToAgent(agent, event);
  }
}

void Master::launchGroup(Framework& framework, Agent& agent,
                         const v1::Offer::Operation& operation, Resources& offered,
                         Resources& used)
{
  const std::string frameworkId = framework.id.value();
  v1::ExecutorInfo executor = operation.launch_group().executor();
  if (!executor.has_framework_id()) *executor.mutable_framework_id() = framework.id;
  v1::TaskGroupInfo group = operation.launch_group().task_group();

  validation::TaskContext context{
      framework.info,
      agent.info,
      offered,
      [&](const v1::TaskID& id) { return framework.tasks.count(id.value()) != 0; },
      [&](const v1::ExecutorID& id) { return findExecutor(agent, frameworkId, id.value()); }};
  Try<Nothing> valid = validation::validateTaskGroup(group, executor, context);

  Resources consumed;
  for (const v1::TaskInfo& task : group.tasks()) consumed += Resources(task.resources());
  const std::string executorId = executor.executor_id().value();
  bool newExecutor = !findExecutor(agent, frameworkId, executorId).has_value();
  if (newExecutor) consumed += Resources(executor.resources());
  if (valid && !offered.contains(consumed)) {
    valid = Error("Task group uses more resources " + consumed.toString() +
                  " than available " + offered.toString());
  }
  if (!valid) {
    for (const v1::TaskInfo& task : group.tasks()) {
      taskError(framework, task, v1::TaskStatus::REASON_TASK_GROUP_INVALID,
                valid.error().message);
    }
    return;
  }

  offered -= consumed;
  used += consumed;
  if (newExecutor) {
    agent.executors[frameworkId][executorId] = executor;
    framework.executors[agent.id.value()][executorId] = executor;
    agent.usedByFramework[frameworkId] += Resources(executor.resources());
  }
  // As Mesos: every task of the group names its executor.
  for (v1::TaskInfo& task : *group.mutable_tasks()) {
    if (!task.has_executor()) *task.mutable_executor() = executor;
    addTask(framework, agent, task, Resources(task.resources()));
  }

  log::info("Launching task group of {} tasks of framework {} with executor {} on agent {}",
            group.tasks_size(), frameworkId, executorId, agent.id.value());
  AgentEvent event;
  event.set_type(AgentEvent::RUN_TASK_GROUP);
  *event.mutable_run_task()->mutable_framework_info() = framework.info;
  *event.mutable_run_task()->mutable_executor() = executor;
  *event.mutable_run_task()->mutable_task_group() = group;
  sendToAgent(agent, event);
}

}  // namespace nucleus::master
