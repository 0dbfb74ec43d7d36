#include "kernel/executor/command_executor.hpp"

#include <csignal>

#include "kernel/common/logging.hpp"
#include "kernel/executor/task_process.hpp"
#include "kernel/executor/task_status.hpp"

namespace nucleus::executor {

using Clock = std::chrono::steady_clock;

namespace {

// As Mesos 1.5: a shutdown leaves the reaper's interval (1s) and one more
// second for TASK_KILLED to get out before the agent destroys the container.
constexpr Duration kShutdownKillBuffer = Duration::seconds(2);

}  // namespace

CommandExecutor::CommandExecutor(Runtime& runtime, ExecutorEnv env)
    : ExecutorBase(runtime, "command-executor", std::move(env))
{
}

void CommandExecutor::update(mesos::v1::TaskState state, std::optional<std::string> message)
{
  client().update(makeTaskStatus(task_->task_id(), state, std::move(message)));
}

void CommandExecutor::launch(const mesos::v1::TaskInfo& task)
{
  if (launched_) {
    client().update(makeTaskStatus(task.task_id(), mesos::v1::TASK_FAILED,
                                   "Attempted to run multiple tasks using a \"command\" executor"));
    return;
  }
  launched_ = true;
  task_ = task;
  client().launched(task);
  update(mesos::v1::TASK_STARTING);

  TaskLaunch launch;
  launch.command = task.command();
  launch.workingDirectory = env().sandbox;
  log::info("Starting task {}", task.task_id().value());
  Try<pid_t> pid = spawnTask(launch);
  if (!pid) {
    terminated_ = true;
    update(mesos::v1::TASK_FAILED, pid.error().message);
    finishWhenAcknowledged();
    return;
  }
  pid_ = *pid;
  log::info("Forked command at {}", pid_);
  // RUNNING goes out before the reaper can report a quick exit.
  update(mesos::v1::TASK_RUNNING);
  reaper().watch(pid_, [this](int status) { reaped(status); });
}

void CommandExecutor::killTask(const mesos::v1::TaskID& taskId,
                               const mesos::v1::KillPolicy* override)
{
  if (terminated_) return;
  if (!launched_) {
    // As Mesos 1.5, which aborts here.
    finish(1,
           "Terminating because kill task message has been received before the task has been "
           "launched");
    return;
  }
  if (taskId.value() != task_->task_id().value()) {
    log::warning("Ignoring kill for unknown task '{}'", taskId.value());
    return;
  }
  Duration gracePeriod = killGracePeriod(override, *task_);
  log::info("Received kill for task {} with grace period of {}", taskId.value(),
            gracePeriod.toString());
  kill(gracePeriod);
}

void CommandExecutor::kill(Duration gracePeriod)
{
  if (terminated_) return;
  Clock::time_point now = Clock::now();
  if (killed_) {
    // As Mesos 1.5: a later kill can shorten the grace period, never lengthen it.
    Clock::time_point deadline =
        killStart_ + std::chrono::duration_cast<Clock::duration>(gracePeriod.chrono());
    if (deadline >= killDeadline_) return;
    killDeadline_ = deadline;
    escalation_.cancel();
    Clock::duration remaining = std::max(Clock::duration::zero(), deadline - now);
    log::info("Rescheduling escalation to SIGKILL in {}", Duration(remaining).toString());
    escalation_ = delay(remaining, [this, gracePeriod] { escalated(gracePeriod); });
    return;
  }

  if (hasTaskKillingState(client().frameworkInfo())) update(mesos::v1::TASK_KILLING);
  log::info("Sending SIGTERM to process group {}", pid_);
  signalTask(pid_, SIGTERM);
  killed_ = true;
  killStart_ = now;
  killDeadline_ = now + std::chrono::duration_cast<Clock::duration>(gracePeriod.chrono());
  log::info("Scheduling escalation to SIGKILL in {} from now", gracePeriod.toString());
  escalation_ = delay(gracePeriod.chrono(), [this, gracePeriod] { escalated(gracePeriod); });
}

void CommandExecutor::escalated(Duration gracePeriod)
{
  if (terminated_) return;
  log::info("Process {} did not terminate after {}, sending SIGKILL to its process group", pid_,
            gracePeriod.toString());
  signalTask(pid_, SIGKILL);
}

void CommandExecutor::reaped(int status)
{
  terminated_ = true;
  escalation_.cancel();
  mesos::v1::TaskState state;
  if (killed_) {
    state = mesos::v1::TASK_KILLED;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    state = mesos::v1::TASK_FINISHED;
  } else {
    state = mesos::v1::TASK_FAILED;
  }
  std::string message = "Command " + describeWaitStatus(status);
  log::info("{} (pid: {})", message, pid_);
  update(state, message);
  finishWhenAcknowledged();
}

void CommandExecutor::acknowledged(const mesos::v1::TaskStatus& status)
{
  // As Mesos 1.5: the executor is done once its terminal update is acknowledged.
  if (isTerminalState(status.state()) && terminated_) {
    finish(0, "the terminal status update was acknowledged");
  }
}

void CommandExecutor::shutdown()
{
  if (shuttingDown_) return;
  shuttingDown_ = true;
  log::info("Shutting down");
  beginShutdownGrace();
  if (!launched_ || (terminated_ && client().abandoned())) {
    finish(0, "shut down");
    return;
  }
  if (terminated_) return;  // the terminal update awaits its acknowledgement
  Duration grace = env().shutdownGracePeriod - kShutdownKillBuffer;
  kill(std::max(grace, Duration::zero()));
}

void CommandExecutor::killAll()
{
  if (launched_ && !terminated_) signalTask(pid_, SIGKILL);
}

}  // namespace nucleus::executor
