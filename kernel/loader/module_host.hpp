#pragma once

// The kernel's side of module::Host: what one module instance may ask of the
// kernel. Each instance gets its own host, and so its own strand: the work it
// posts and its timers run one at a time, never concurrently with each other.
//
// Thread safety: every method may be called from any thread. The host must
// outlive the module instance it serves (the owner destroys the instance first).

#include <memory>
#include <string>

#include "kernel/runtime/runtime.hpp"
#include "nucleus/module/host.hpp"

namespace nucleus::loader {

class ModuleHost final : public module::Host {
 public:
  ModuleHost(Runtime& runtime, std::string moduleName);

  void log(Level level, std::string_view message) noexcept override;
  void post(std::function<void()> work) noexcept override;
  void delay(std::chrono::milliseconds after, std::function<void()> work) noexcept override;
  void blocking(std::function<void()> work) noexcept override;
  std::string_view nucleusVersion() const noexcept override;

 private:
  // Runs module code, turning an escaping exception into a log line: a module
  // bug must not take an io thread down.
  static void guarded(const std::string& moduleName, const std::function<void()>& work) noexcept;

  Runtime& runtime_;
  Strand strand_;
  std::string moduleName_;
  std::string version_;
  // Timers and posted work hold this; after the host is gone they do nothing.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace nucleus::loader
