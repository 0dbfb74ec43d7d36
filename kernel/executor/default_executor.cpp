#include "kernel/executor/default_executor.hpp"

#include <csignal>
#include <filesystem>

#include "kernel/common/logging.hpp"
#include "kernel/executor/task_process.hpp"
#include "kernel/executor/task_status.hpp"

namespace nucleus::executor {


DefaultExecutor::DefaultExecutor(Runtime& runtime, ExecutorEnv env)
    : ExecutorBase(runtime, "default-executor", std::move(env))
{
}

void DefaultExecutor::update(const mesos::v1::TaskID& taskId, mesos::v1::TaskState state,
                             std::optional<std::string> message)
{
  client().update(makeTaskStatus(taskId, state, std::move(message)));
}

void DefaultExecutor::launchGroup(const mesos::v1::TaskGroupInfo& taskGroup)
{
  if (shuttingDown_) {
    log::warning("Ignoring the launch operation as the executor is shutting down");
    return;
  }
  launched_ = true;

  auto group = std::make_shared<Group>();
  for (const auto& task : taskGroup.tasks()) {
    group->taskIds.push_back(task.task_id().value());
    Container container;
    container.task = task;
    container.group = group;
    containers_[task.task_id().value()] = container;
    client().launched(task);
    update(task.task_id(), mesos::v1::TASK_STARTING);
  }

  std::vector<std::pair<std::string, std::string>> failed;  // task ID, why
  for (const auto& task : taskGroup.tasks()) {
    const std::string& id = task.task_id().value();
    std::filesystem::path sandbox = std::filesystem::path(env().sandbox) / "tasks" / id;
    std::error_code error;
    std::filesystem::create_directories(sandbox, error);
    if (error) {
      failed.emplace_back(
          id, "Failed to create the task sandbox '" + sandbox.string() + "': " + error.message());
      continue;
    }
    TaskLaunch launch;
    launch.command = task.command();
    launch.workingDirectory = sandbox.string();
    launch.extra["MESOS_SANDBOX"] = sandbox.string();
    launch.stdoutPath = (sandbox / "stdout").string();
    launch.stderrPath = (sandbox / "stderr").string();
    Try<pid_t> pid = spawnTask(launch);
    if (!pid) {
      failed.emplace_back(id, pid.error().message);
      continue;
    }
    containers_[id].pid = *pid;
    containers_[id].incarnation = nextIncarnation_++;
    log::info("Started task '{}' as pid {} in {}", id, *pid, sandbox.string());
  }

  // TASK_RUNNING before any exit is reported, then watch the processes.
  for (const auto& task : taskGroup.tasks()) {
    const std::string& id = task.task_id().value();
    if (containers_[id].pid > 0) update(task.task_id(), mesos::v1::TASK_RUNNING);
  }
  for (const auto& [id, why] : failed) {
    if (containers_.count(id) != 0) completed(id, mesos::v1::TASK_FAILED, why);
  }
  for (const auto& id : group->taskIds) {
    auto it = containers_.find(id);
    if (it == containers_.end() || it->second.pid <= 0) continue;
    reaper().watch(it->second.pid, [this, id](int status) { reaped(id, status); });
  }
}

void DefaultExecutor::killTask(const mesos::v1::TaskID& taskId, const mesos::v1::KillPolicy* policy)
{
  if (shuttingDown_) {
    log::warning("Ignoring kill for task '{}' since the executor is shutting down", taskId.value());
    return;
  }
  auto it = containers_.find(taskId.value());
  if (it == containers_.end()) {
    log::warning("Ignoring kill for task '{}' as it is no longer active", taskId.value());
    return;
  }
  if (it->second.killing) {
    log::warning("Ignoring kill for task '{}' as it is in the process of getting killed",
                 taskId.value());
    return;
  }
  kill(it->second, policy);
}

void DefaultExecutor::kill(Container& container, const mesos::v1::KillPolicy* policy)
{
  container.killing = true;
  const mesos::v1::TaskID& taskId = container.task.task_id();
  Duration gracePeriod = killGracePeriod(policy, container.task);
  log::info("Killing task '{}' (pid {}) with SIGTERM; escalating to SIGKILL in {}", taskId.value(),
            container.pid, gracePeriod.toString());
  if (hasTaskKillingState(client().frameworkInfo())) update(taskId, mesos::v1::TASK_KILLING);
  signalTask(container.pid, SIGTERM);

  std::string id = taskId.value();
  uint64_t incarnation = container.incarnation;
  delay(gracePeriod.chrono(), [this, id, incarnation, gracePeriod] {
    auto it = containers_.find(id);
    if (it == containers_.end() || it->second.incarnation != incarnation) return;
    log::info("Task '{}' did not terminate after {}, sending SIGKILL", id, gracePeriod.toString());
    signalTask(it->second.pid, SIGKILL);
  });
}

void DefaultExecutor::reaped(const std::string& taskId, int status)
{
  auto it = containers_.find(taskId);
  if (it == containers_.end()) return;
  mesos::v1::TaskState state;
  if (it->second.killing) {
    state = mesos::v1::TASK_KILLED;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    state = mesos::v1::TASK_FINISHED;
  } else {
    state = mesos::v1::TASK_FAILED;
  }
  completed(taskId, state, "Command " + describeWaitStatus(status));
}

void DefaultExecutor::completed(const std::string& taskId, mesos::v1::TaskState state,
                                std::string message)
{
  auto it = containers_.find(taskId);
  Container container = std::move(it->second);
  containers_.erase(it);
  log::info("Task '{}' completed in state {}: {}", taskId, mesos::v1::TaskState_Name(state),
            message);
  update(container.task.task_id(), state, std::move(message));

  if (containers_.empty()) {
    finishWhenAcknowledged();
    return;
  }
  if (shuttingDown_ || container.group->killing) return;

  // As Mesos 1.5's default restart policy: a task that failed or was killed
  // takes the rest of its group down with it.
  if (state == mesos::v1::TASK_FAILED || state == mesos::v1::TASK_KILLED) {
    log::info("Killing the task group of task '{}'", taskId);
    container.group->killing = true;
    for (const std::string& sibling : container.group->taskIds) {
      auto other = containers_.find(sibling);
      if (other == containers_.end() || other->second.killing) continue;
      kill(other->second);
    }
  }
}

void DefaultExecutor::acknowledged(const mesos::v1::TaskStatus&)
{
  // ExecutorBase finishes once nothing runs and nothing awaits acknowledgement.
}

void DefaultExecutor::shutdown()
{
  if (shuttingDown_) return;
  shuttingDown_ = true;
  log::info("Shutting down");
  beginShutdownGrace();
  if (!launched_ || containers_.empty()) {
    if (!launched_) {
      finish(0, "shut down");
    } else {
      finishWhenAcknowledged();
    }
    return;
  }
  for (auto& [id, container] : containers_) {
    if (!container.killing) kill(container);
  }
}

void DefaultExecutor::killAll()
{
  for (auto& [id, container] : containers_) signalTask(container.pid, SIGKILL);
}

}  // namespace nucleus::executor
