#pragma once

// Kind "isolator" (version 1): one aspect of a container's isolation (cpu, memory,
// pids, ...). The agent's containerizer runs every isolator named by --isolation
// through a container's life, as Mesos 1.5's MesosIsolatorProcess does:
//
//   recover -> prepare -> (fork, child waits) -> isolate(pid) -> (child execs)
//           -> watch ... update ... usage ... -> (processes gone) -> cleanup
//
// isolate() runs while the container's first process is stopped before exec, so
// whatever the isolator does to it (cgroups) also holds for every child.
//
// Threading: the kernel calls every method on the instance's strand (host.hpp).
// Each method answers through `reply`, exactly once, now or later, from any
// thread. Work that may block (reading /proc, waiting for a cgroup to empty)
// goes to Host::blocking and replies from there. Errors are values; nothing is
// thrown.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/resources.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::module {

template <typename T>
using Reply = std::function<void(Try<T>)>;

// What the containerizer knows about a container when it prepares it.
struct ContainerConfig {
  mesos::v1::ContainerID containerId;
  mesos::v1::ExecutorInfo executorInfo;
  // The tasks launched with the executor (a command task, or a task group).
  std::vector<mesos::v1::TaskInfo> tasks;
  // Executor plus tasks: what the container is allowed.
  Resources resources;
  std::string sandboxDirectory;
  std::optional<std::string> user;
};

// What an isolator adds to the launch (merged over all isolators).
struct ContainerLaunchInfo {
  std::vector<std::pair<std::string, std::string>> environment;
};

// A container that existed before the agent restarted.
struct ContainerRecoveryState {
  mesos::v1::ContainerID containerId;
  int pid = 0;
  Resources resources;
  std::string sandboxDirectory;
};

// A limit was hit; the agent kills the container and reports its tasks with
// `reason` (e.g. REASON_CONTAINER_LIMITATION_MEMORY) and `message`.
struct ContainerLimitation {
  Resources resources;  // what was exceeded
  std::string message;  // names the limit, e.g. "Memory limit exceeded: 64MB"
  mesos::v1::TaskStatus::Reason reason = mesos::v1::TaskStatus::REASON_CONTAINER_LIMITATION;
};

class Isolator {
 public:
  static constexpr const char* kKind = "isolator";
  static constexpr std::uint32_t kKindVersion = 1;

  virtual ~Isolator() = default;

  // The --isolation name this instance serves, e.g. "posix/cpu".
  virtual std::string isolation() const noexcept = 0;

  // After an agent restart: `states` are the containers still alive; anything
  // else the isolator finds of its own (orphans) it cleans up.
  virtual void recover(std::vector<ContainerRecoveryState> states, Reply<Nothing> reply) noexcept = 0;

  virtual void prepare(ContainerConfig config,
                       Reply<std::optional<ContainerLaunchInfo>> reply) noexcept = 0;

  // `pid` is the container's first process, stopped before exec.
  virtual void isolate(mesos::v1::ContainerID containerId, int pid,
                       Reply<Nothing> reply) noexcept = 0;

  // Answers once, when the container hits a limit (never, for posix).
  // A container's pending watch is dropped at cleanup.
  virtual void watch(mesos::v1::ContainerID containerId,
                     Reply<ContainerLimitation> reply) noexcept = 0;

  // The container's resources changed (a task was added or ended).
  virtual void update(mesos::v1::ContainerID containerId, Resources resources,
                      Reply<Nothing> reply) noexcept = 0;

  // Usage statistics (cpus_user_time_secs, mem_rss_bytes, ...) with timestamp.
  virtual void usage(mesos::v1::ContainerID containerId,
                     Reply<mesos::v1::ResourceStatistics> reply) noexcept = 0;

  // The container's processes are gone: release everything held for it.
  virtual void cleanup(mesos::v1::ContainerID containerId, Reply<Nothing> reply) noexcept = 0;
};

}  // namespace nucleus::module
