#pragma once

// ChildReaper: learns when task processes exit. It listens for SIGCHLD and
// reaps each watched pid with waitpid(WNOHANG), so no thread blocks in wait.
// Only watched pids are reaped: other children of the process are left alone.
//
// Thread safety: create it with shared_ptr and use it from its owner's strand
// only; exit callbacks run on that strand.

#include <sys/types.h>

#include <boost/asio/signal_set.hpp>

#include <functional>
#include <map>
#include <memory>

#include "kernel/runtime/runtime.hpp"

namespace nucleus::executor {

class ChildReaper : public std::enable_shared_from_this<ChildReaper> {
 public:
  // `status` is the wait(2) status.
  using OnExit = std::function<void(int status)>;

  ChildReaper(Runtime& runtime, Strand strand);

  // Starts listening for SIGCHLD; call before the first child is spawned.
  void start();
  void stop();

  // Calls `onExit` once when `pid` exits (at once, if it already has).
  void watch(pid_t pid, OnExit onExit);

  size_t watched() const { return watched_.size(); }

 private:
  void doWait();
  void reap();

  Strand strand_;
  boost::asio::signal_set signals_;
  std::map<pid_t, OnExit> watched_;
};

}  // namespace nucleus::executor
