#pragma once

// The reaper: learns when a container's first process exits without blocking
// an io thread, as libprocess' reap() does for Mesos.
//
// With pidfd_open (Linux >= 5.3) the pid's descriptor becomes readable when the
// process exits; an asio stream_descriptor waits for that, then waitpid(WNOHANG)
// collects the status. Without pidfds, a child is waited for with a blocking
// waitpid() on the runtime's blocking pool, and a process that is not our child
// (recovered after an agent restart) is polled with kill(pid, 0).
//
// A process that is not our child cannot be waited for: its exit is reported
// with status -1 (unknown).
//
// Thread safety: watchExit() may be called from any thread; `onExit` runs once
// on `strand`. The returned ExitWatch cancels the watch when destroyed or
// cancelled (then `onExit` never runs); it must be destroyed on `strand`.

#include <sys/types.h>

#include <functional>
#include <memory>

#include "kernel/runtime/runtime.hpp"

namespace nucleus::agent {

class ExitWatch {
 public:
  virtual ~ExitWatch() = default;
  virtual void cancel() = 0;
};

enum class ReapMode {
  Auto,      // pidfd when the kernel has it, else the fallback
  Fallback,  // never pidfd (tests of the fallback)
};

// Calls `onExit(status)` on `strand` once `pid` has exited; `status` is the
// waitpid() status, or -1 when `isChild` is false or the process was reaped elsewhere.
std::unique_ptr<ExitWatch> watchExit(Runtime& runtime, const Strand& strand, pid_t pid,
                                     bool isChild, std::function<void(int status)> onExit,
                                     ReapMode mode = ReapMode::Auto);

}  // namespace nucleus::agent
