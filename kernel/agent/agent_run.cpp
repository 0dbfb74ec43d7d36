// RUN_TASK and RUN_TASK_GROUP: find or start the task's executor, queue the
// tasks, and hand them over once the executor has subscribed (Mesos 1.5's
// Slave::run, launchExecutor and ___run).

#include <unistd.h>

#include <set>

#include "kernel/agent/agent.hpp"
#include "kernel/agent/executor_launch.hpp"
#include "kernel/agent/ids.hpp"
#include "kernel/agent/paths.hpp"
#include "kernel/agent/task_status.hpp"
#include "kernel/common/logging.hpp"

namespace nucleus::agent {

using nucleus::internal::AgentEvent;

namespace {

// As Mesos with --switch_user: only root can run tasks as another user.
std::optional<std::string> launchUser(const mesos::v1::FrameworkInfo& framework,
                                      const mesos::v1::ExecutorInfo& executor)
{
  if (::geteuid() != 0) return std::nullopt;
  std::string user = executor.command().has_user() ? executor.command().user() : framework.user();
  if (user.empty() || user == "root") return std::nullopt;
  return user;
}

}  // namespace

void Agent::runTask(const AgentEvent::RunTask& run)
{
  const mesos::v1::FrameworkInfo& frameworkInfo = run.framework_info();
  std::vector<mesos::v1::TaskInfo> tasks;
  std::optional<mesos::v1::TaskGroupInfo> group;
  mesos::v1::ExecutorInfo executorInfo;
  bool commandExecutor = false;

  if (run.has_task_group()) {
    group = run.task_group();
    tasks.assign(group->tasks().begin(), group->tasks().end());
    executorInfo = run.executor();
  } else if (run.has_task()) {
    tasks.push_back(run.task());
    if (run.task().has_executor()) {
      executorInfo = run.task().executor();
    } else {
      executorInfo = commandExecutorInfo(frameworkInfo, run.task());
      commandExecutor = true;
    }
  } else {
    log::warning("Ignoring RUN_TASK of framework {} without a task or task group",
                 frameworkInfo.id().value());
    return;
  }
  if (!executorInfo.has_framework_id()) *executorInfo.mutable_framework_id() = frameworkInfo.id();

  for (const auto& task : tasks) {
    log::info("Got assigned task '{}' for framework {}", task.task_id().value(),
              frameworkInfo.id().value());
  }

  auto& slot = frameworks_[frameworkInfo.id().value()];
  if (!slot) slot = std::make_unique<Framework>();
  Framework& framework = *slot;
  framework.info = frameworkInfo;
  if (framework.terminating) {
    log::warning("Ignoring tasks of framework {}: it is terminating", frameworkInfo.id().value());
    return;
  }

  const std::string& executorId = executorInfo.executor_id().value();
  Executor* executor = framework.executor(executorId);
  if (executor != nullptr && (executor->state == Executor::State::Terminating ||
                              executor->state == Executor::State::Terminated)) {
    log::warning("Asked to run tasks with executor '{}' of framework {} which is {}", executorId,
                 frameworkInfo.id().value(),
                 executor->state == Executor::State::Terminating ? "terminating" : "terminated");
    dropTasks(framework, tasks, executorInfo.executor_id(),
              executor->state == Executor::State::Terminating ? "Executor terminating"
                                                              : "Executor terminated",
              mesos::v1::TaskStatus::REASON_EXECUTOR_TERMINATED);
    return;
  }

  bool fresh = executor == nullptr;
  if (fresh) {
    auto made = std::make_unique<Executor>();
    made->info = executorInfo;
    made->commandExecutor = commandExecutor;
    made->containerId.set_value(randomUuidText());
    made->directory =
        paths::sandboxDirectory(options_.workDir, info_.id().value(), frameworkInfo.id().value(),
                                executorId, made->containerId.value());
    executor = made.get();
    framework.executors[executorId] = std::move(made);
  }

  for (const auto& task : tasks) executor->queuedTasks.push_back(task);
  if (group) executor->queuedTaskGroups.push_back(*group);

  if (fresh) {
    launchExecutor(framework, *executor);
  } else if (executor->state == Executor::State::Running) {
    sendQueuedTasks(framework, *executor);
  }
  // Registering: the tasks go out when the executor subscribes.
}

void Agent::launchExecutor(Framework& framework, Executor& executor)
{
  const std::string frameworkId = framework.id().value();
  const std::string executorId = executor.info.executor_id().value();
  const std::string containerId = executor.containerId.value();
  log::info("Launching executor '{}' of framework {} in container {} (sandbox {})", executorId,
            frameworkId, containerId, executor.directory.string());

  LaunchRequest request;
  request.containerId = executor.containerId;
  request.executorInfo = executor.info;
  request.tasks = executor.queuedTasks;
  request.resources = executor.allocatedResources();
  request.sandbox = executor.directory;
  request.user = launchUser(framework.info, executor.info);

  ExecutorEnvironment environment;
  environment.agentId = info_.id().value();
  environment.agentEndpoint = options_.endpoint;
  environment.sandbox = executor.directory;
  environment.shutdownGracePeriod = options_.settings.executorShutdownGracePeriod;
  environment.checkpoint = framework.info.checkpoint();
  request.environment = executorEnvironment(executor.info, environment);

  Try<std::vector<std::string>> argv =
      executorArgv(executor.info, executor.commandExecutor, options_.nucleusBinary);
  if (!argv) {
    onExecutorLaunched(frameworkId, executorId, containerId, argv.error());
    return;
  }
  request.argv = std::move(*argv);

  executor.registrationTimer = delay(options_.settings.executorRegistrationTimeout.chrono(),
                                     [this, frameworkId, executorId, containerId] {
                                       registrationTimeout(frameworkId, executorId, containerId);
                                     });

  containerizer_->launch(std::move(request))
      .onAny(defer([this, frameworkId, executorId, containerId](const Try<int>& pid) {
        onExecutorLaunched(frameworkId, executorId, containerId, pid);
      }));
}

void Agent::onExecutorLaunched(const std::string& frameworkId, const std::string& executorId,
                               const std::string& containerId, const Try<int>& pid)
{
  auto found = frameworks_.find(frameworkId);
  Executor* executor = found == frameworks_.end() ? nullptr : found->second->executor(executorId);
  mesos::v1::ContainerID id;
  id.set_value(containerId);

  if (executor == nullptr || executor->containerId.value() != containerId) {
    log::warning(
        "Container {} of executor '{}' was launched after the executor went away; "
        "destroying it",
        containerId, executorId);
    if (pid) containerizer_->destroy(id);
    return;
  }

  if (!pid) {
    log::error("Failed to launch container {} of executor '{}' of framework {}: {}", containerId,
               executorId, frameworkId, pid.error().message);
    if (!executor->pendingTermination) {
      executor->pendingTermination = PendingTermination{
          mesos::v1::TASK_FAILED, mesos::v1::TaskStatus::REASON_CONTAINER_LAUNCH_FAILED,
          "Failed to launch container: " + pid.error().message};
    }
    executorTerminated(frameworkId, executorId, containerId, Error(pid.error().message));
    return;
  }

  log::info("Executor '{}' of framework {} runs as pid {}", executorId, frameworkId, *pid);
  containerizer_->wait(id).onAny(
      defer([this, frameworkId, executorId, containerId](const Try<Termination>& termination) {
        executorTerminated(frameworkId, executorId, containerId, termination);
      }));
}

void Agent::sendQueuedTasks(Framework& framework, Executor& executor)
{
  using mesos::v1::executor::Event;
  std::set<std::string> inGroups;
  for (const auto& group : executor.queuedTaskGroups) {
    for (const auto& task : group.tasks()) inGroups.insert(task.task_id().value());
  }

  for (const auto& task : executor.queuedTasks) {
    executor.launchedTasks[task.task_id().value()] =
        makeTask(task, mesos::v1::TASK_STAGING, framework.id(), info_.id());
    if (inGroups.contains(task.task_id().value())) continue;
    log::info("Sending task '{}' to executor '{}' of framework {}", task.task_id().value(),
              executor.info.executor_id().value(), framework.id().value());
    Event event;
    event.set_type(Event::LAUNCH);
    *event.mutable_launch()->mutable_task() = task;
    executor.send(event);
  }
  for (const auto& group : executor.queuedTaskGroups) {
    log::info("Sending a task group of {} tasks to executor '{}' of framework {}",
              group.tasks_size(), executor.info.executor_id().value(), framework.id().value());
    Event event;
    event.set_type(Event::LAUNCH_GROUP);
    *event.mutable_launch_group()->mutable_task_group() = group;
    executor.send(event);
  }
  executor.queuedTasks.clear();
  executor.queuedTaskGroups.clear();
  containerizer_->update(executor.containerId, executor.allocatedResources());
}

void Agent::dropTasks(Framework& framework, const std::vector<mesos::v1::TaskInfo>& tasks,
                      const mesos::v1::ExecutorID& executorId, const std::string& message,
                      mesos::v1::TaskStatus::Reason reason)
{
  mesos::v1::TaskState state =
      framework.partitionAware() ? mesos::v1::TASK_DROPPED : mesos::v1::TASK_LOST;
  for (const auto& task : tasks) {
    AgentStatus status;
    status.taskId = task.task_id();
    status.state = state;
    status.message = message;
    status.reason = reason;
    status.executorId = executorId;
    statusUpdate(framework.id(), makeAgentStatus(status, info_.id()), false);
  }
}

}  // namespace nucleus::agent
