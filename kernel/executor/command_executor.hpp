#pragma once

// The command executor (`nucleus executor command`), as Mesos 1.5's
// src/launcher/executor.cpp: runs the one task of a LAUNCH event as a child
// process and reports it.
//
// - LAUNCH: TASK_STARTING, start TaskInfo.command in the sandbox (its own
//   process group), TASK_RUNNING. A second LAUNCH gets TASK_FAILED.
// - The command ends: TASK_FINISHED (exit 0), TASK_FAILED ("Command exited
//   with status 3", "Command terminated with signal ..."), or TASK_KILLED
//   when it was killed.
// - KILL: TASK_KILLING (if the framework has TASK_KILLING_STATE), SIGTERM to
//   the group, SIGKILL after the grace period (the KILL's kill policy, else
//   the task's, else 3s). A later KILL may only shorten the grace period.
// - SHUTDOWN: kill with the shutdown grace period less 2s, then exit.
// - Exits once the terminal update is acknowledged.
//
// Thread safety: an Actor (see ExecutorBase).

#include <sys/types.h>

#include <chrono>
#include <optional>

#include "kernel/executor/executor_base.hpp"

namespace nucleus::executor {

class CommandExecutor : public ExecutorBase {
 public:
  CommandExecutor(Runtime& runtime, ExecutorEnv env);

 protected:
  void launch(const mesos::v1::TaskInfo& task) override;
  void killTask(const mesos::v1::TaskID& taskId, const mesos::v1::KillPolicy* override) override;
  void acknowledged(const mesos::v1::TaskStatus& status) override;
  void shutdown() override;
  void killAll() override;
  bool active() const override { return launched_ && !terminated_; }

 private:
  void kill(Duration gracePeriod);
  void escalated(Duration gracePeriod);
  void reaped(int status);
  void update(mesos::v1::TaskState state, std::optional<std::string> message = std::nullopt);

  std::optional<mesos::v1::TaskInfo> task_;
  bool launched_ = false;
  bool killed_ = false;
  bool terminated_ = false;
  bool shuttingDown_ = false;
  pid_t pid_ = -1;
  std::chrono::steady_clock::time_point killStart_;
  std::chrono::steady_clock::time_point killDeadline_;
  Timer escalation_;
};

}  // namespace nucleus::executor
