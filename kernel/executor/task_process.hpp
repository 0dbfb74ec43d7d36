#pragma once

// Starting a task's command as a child process of the executor, the way
// Mesos' launcher runs a CommandInfo: `shell` (the default) runs
// `/bin/sh -c <value>`; otherwise `value` is the executable (looked up in the
// task's PATH when it has no '/') and `arguments` its argv. The environment is
// the executor's, then `extra`, then the CommandInfo's variables (secrets are
// skipped, as Mesos does when they are unresolved). The child starts a new
// session (setsid), so its process group can be signalled as a whole, runs in
// `workingDirectory`, and inherits no descriptor above stderr.
//
// Thread safety: pure functions; spawnTask uses posix_spawn, safe in a
// multi-threaded process.

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/try.hpp"

namespace nucleus::executor {

struct TaskLaunch {
  mesos::v1::CommandInfo command;
  std::string workingDirectory;              // empty: the executor's
  std::map<std::string, std::string> extra;  // before the command's own variables
  std::optional<std::string> stdoutPath;     // appended to; unset: inherited
  std::optional<std::string> stderrPath;
};

// The argv and the executable the child will exec; an error when the command
// has no value.
struct TaskArgv {
  std::string executable;
  std::vector<std::string> argv;
};
Try<TaskArgv> taskArgv(const mesos::v1::CommandInfo& command,
                       const std::map<std::string, std::string>& environment);

// The environment a task gets (see the top of this file).
std::map<std::string, std::string> taskEnvironment(const mesos::v1::CommandInfo& command,
                                                   const std::map<std::string, std::string>& extra);

// Starts the task; returns its pid (which is also its process group ID).
Try<pid_t> spawnTask(const TaskLaunch& launch);

// Sends `signal` to the task's process group; to `pid` alone if the group is gone.
void signalTask(pid_t pid, int signal);

}  // namespace nucleus::executor
