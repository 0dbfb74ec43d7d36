#pragma once

// The default executor (`nucleus executor default`), as Mesos 1.5's
// src/launcher/default_executor.cpp, with tasks run as child processes
// instead of nested containers.
//
// - LAUNCH_GROUP: every task gets TASK_STARTING, then its command starts in
//   its own sandbox `<sandbox>/tasks/<task id>` (its MESOS_SANDBOX; stdout and
//   stderr files there) in its own process group, then TASK_RUNNING. More
//   groups may follow while the executor runs.
// - A task ends: TASK_FINISHED / TASK_FAILED / TASK_KILLED with "Command
//   exited with status N" etc. As Mesos' default restart policy, when a task
//   fails or is killed, the other tasks of its group are killed.
// - KILL: TASK_KILLING (if the framework can take it), SIGTERM, SIGKILL after
//   the grace period (the KILL's kill policy, else the task's, else 3s).
// - SHUTDOWN: every task is killed.
// - Exits once no task runs and every update is acknowledged.
//
// Thread safety: an Actor (see ExecutorBase).

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernel/executor/executor_base.hpp"

namespace nucleus::executor {

class DefaultExecutor : public ExecutorBase {
 public:
  DefaultExecutor(Runtime& runtime, ExecutorEnv env);

 protected:
  void launchGroup(const mesos::v1::TaskGroupInfo& taskGroup) override;
  void killTask(const mesos::v1::TaskID& taskId, const mesos::v1::KillPolicy* policy) override;
  void acknowledged(const mesos::v1::TaskStatus& status) override;
  void shutdown() override;
  void killAll() override;
  bool active() const override { return !containers_.empty(); }

 private:
  // The tasks of one LAUNCH_GROUP, shared by their containers.
  struct Group {
    std::vector<std::string> taskIds;
    bool killing = false;
  };

  struct Container {
    mesos::v1::TaskInfo task;
    std::shared_ptr<Group> group;
    pid_t pid = -1;
    bool killing = false;
    uint64_t incarnation = 0;  // tells an escalation timer whether it is still this process
  };

  void kill(Container& container, const mesos::v1::KillPolicy* policy = nullptr);
  void reaped(const std::string& taskId, int status);
  // A task is over: report it, forget it, and apply the group's restart policy.
  void completed(const std::string& taskId, mesos::v1::TaskState state, std::string message);
  void update(const mesos::v1::TaskID& taskId, mesos::v1::TaskState state,
              std::optional<std::string> message = std::nullopt);

  std::map<std::string, Container> containers_;  // running tasks by ID
  bool launched_ = false;
  bool shuttingDown_ = false;
  uint64_t nextIncarnation_ = 1;
};

}  // namespace nucleus::executor
