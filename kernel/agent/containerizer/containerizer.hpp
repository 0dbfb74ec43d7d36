#pragma once

// The containerizer: runs an executor's process in its sandbox, isolated by the
// isolator modules named by the agent's --isolation, as Mesos 1.5's
// MesosContainerizer does with its launcher and isolators.
//
// Launch sequence: every isolator's prepare() -> fork; the child starts its own
// session (so it survives the agent, see docs/agent.md) and waits on a pipe ->
// every isolator's isolate(pid) -> the child is released and execs `argv` with
// `environment` (plus what the isolators added), cwd = the sandbox, stdout and
// stderr appended to <sandbox>/stdout and <sandbox>/stderr. When the process is
// gone (reaped), every isolator's cleanup() runs and wait() completes. A limit
// reported by an isolator's watch() kills the container and shows up in its
// Termination.
//
// Thread safety: an actor; every method may be called from any thread and
// answers through the returned future.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/loader/module_loader.hpp"
#include "kernel/runtime/actor.hpp"
#include "kernel/runtime/future.hpp"
#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/kinds/isolator.hpp"
#include "nucleus/module/resources.hpp"

namespace nucleus::agent {

struct LaunchRequest {
  mesos::v1::ContainerID containerId;
  mesos::v1::ExecutorInfo executorInfo;
  std::vector<mesos::v1::TaskInfo> tasks;
  Resources resources;             // executor + tasks
  std::filesystem::path sandbox;   // created (with parents) if missing
  std::vector<std::string> argv;   // argv[0] is the program, looked up in PATH if relative
  std::map<std::string, std::string> environment;  // the whole environment of the process
  std::optional<std::string> user;  // run as this user (needs root); none: the agent's user
};

struct Termination {
  int status = 0;                   // waitpid() status of the container's first process
  std::optional<module::ContainerLimitation> limitation;  // set when an isolator's limit killed it
  std::string message;              // e.g. "Command exited with status 1", "Killed by signal 9"
};

class Containerizer {
 public:
  // Creates the isolators named in `isolation` (comma-separated --isolation
  // value, e.g. "posix/cpu,posix/mem") from the isolator modules `modules` has
  // loaded. An unknown name is an error that lists the available isolations.
  static Try<std::unique_ptr<Containerizer>> create(Runtime& runtime,
                                                   const loader::ModuleLoader& modules,
                                                   const std::string& isolation);
  virtual ~Containerizer() = default;

  // After an agent restart: containers still alive (their pids), handed to the
  // isolators' recover(); their wait() then works as for launched ones.
  virtual Future<Nothing> recover(std::vector<module::ContainerRecoveryState> states) = 0;

  // Completes with the pid once the process has been isolated and released to exec.
  virtual Future<int> launch(LaunchRequest request) = 0;

  // Completes once the container's process is gone and the isolators cleaned up.
  // Fails for an unknown container.
  virtual Future<Termination> wait(const mesos::v1::ContainerID& containerId) = 0;

  // Sends `signal` to the container's process group.
  virtual Future<Nothing> kill(const mesos::v1::ContainerID& containerId, int signal) = 0;

  // SIGKILLs the process group; completes when wait() has completed.
  virtual Future<Termination> destroy(const mesos::v1::ContainerID& containerId) = 0;

  virtual Future<Nothing> update(const mesos::v1::ContainerID& containerId, Resources resources) = 0;

  // Merged statistics of every isolator, with timestamp and the container's limits.
  virtual Future<mesos::v1::ResourceStatistics> usage(const mesos::v1::ContainerID& containerId) = 0;

  virtual std::vector<mesos::v1::ContainerID> containers() const = 0;
};

}  // namespace nucleus::agent
