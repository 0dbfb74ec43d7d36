#pragma once

// The host: the only way a module reaches the kernel. A module never includes a
// kernel header; it gets a Host& in its factory and keeps it for its lifetime.
//
// Each module instance has its own strand in the kernel's actor runtime. post()
// and delay() run work on that strand, one item at a time and in order, so an
// instance that touches its state only from its strand needs no mutex.
//
// Thread safety: every method may be called from any thread. The Host outlives
// every instance created with it. Callbacks must not throw (they are noexcept in
// spirit: an escaping exception is caught and logged by the kernel, and the
// instance is considered broken).

#include <chrono>
#include <functional>
#include <string_view>

namespace nucleus::module {

class Host {
 public:
  enum class Level { Debug, Info, Warning, Error };

  virtual ~Host() = default;

  // Writes a line to the kernel's log, tagged with the module's name.
  virtual void log(Level level, std::string_view message) noexcept = 0;

  // Runs `work` on the instance's strand.
  virtual void post(std::function<void()> work) noexcept = 0;

  // Runs `work` on the instance's strand once `after` has passed. Pending work
  // is dropped when the kernel shuts the instance down.
  virtual void delay(std::chrono::milliseconds after, std::function<void()> work) noexcept = 0;

  // Runs `work` on the kernel's pool for blocking work (file and /proc reads,
  // waiting on a process). It must not touch the instance's state: post the
  // result back with post().
  virtual void blocking(std::function<void()> work) noexcept = 0;

  // The running Nucleus' version, e.g. "0.1.0".
  virtual std::string_view nucleusVersion() const noexcept = 0;
};

}  // namespace nucleus::module
