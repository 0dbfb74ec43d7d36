#pragma once

// One isolator module instance as the containerizer sees it: its host (and so
// its strand) and the instance, with the kind's reply-callback methods turned
// into futures.
//
// Every call is posted onto the instance's strand through its host; the
// isolator may reply from any thread, so the futures complete on any thread:
// the containerizer chains them back onto its own strand. A failed future's
// message is the isolator's own; callers add which isolator and what step.
//
// Thread safety: every method may be called from any thread. Pending calls keep
// the handle (host and instance) alive until they ran.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/loader/module_host.hpp"
#include "kernel/loader/module_ptr.hpp"
#include "kernel/runtime/future.hpp"
#include "nucleus/module/kinds/isolator.hpp"

namespace nucleus::agent {

class IsolatorHandle : public std::enable_shared_from_this<IsolatorHandle> {
 public:
  // `host` must be the host `isolator` was created with.
  IsolatorHandle(std::string moduleName, std::unique_ptr<loader::ModuleHost> host,
                 loader::ModulePtr<module::Isolator> isolator);

  const std::string& moduleName() const { return moduleName_; }
  // The --isolation name, e.g. "posix/cpu" (read once at construction).
  const std::string& isolation() const { return isolation_; }

  Future<Nothing> recover(std::vector<module::ContainerRecoveryState> states);
  Future<std::optional<module::ContainerLaunchInfo>> prepare(module::ContainerConfig config);
  Future<Nothing> isolate(const mesos::v1::ContainerID& containerId, int pid);
  Future<module::ContainerLimitation> watch(const mesos::v1::ContainerID& containerId);
  Future<Nothing> update(const mesos::v1::ContainerID& containerId, Resources resources);
  Future<mesos::v1::ResourceStatistics> usage(const mesos::v1::ContainerID& containerId);
  Future<Nothing> cleanup(const mesos::v1::ContainerID& containerId);

 private:
  // Posts `invoke(isolator, reply)` onto the instance's strand; the reply
  // completes the returned future.
  template <typename T, typename Invoke>
  Future<T> call(Invoke invoke);

  std::string moduleName_;
  // Declared before the instance, so the instance is destroyed first.
  std::unique_ptr<loader::ModuleHost> host_;
  loader::ModulePtr<module::Isolator> isolator_;
  std::string isolation_;
};

}  // namespace nucleus::agent
