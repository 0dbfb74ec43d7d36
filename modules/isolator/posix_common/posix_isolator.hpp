#pragma once

// The posix isolators' common behaviour, as Mesos 1.5's PosixIsolatorProcess:
// nothing is enforced (no limits, so watch() never answers); the isolator
// remembers each container's pid to report usage() from /proc. posix/cpu and
// posix/mem differ only in their name and the statistics they report.
//
// Threading: the kernel calls every method on the instance's strand, where the
// container table lives. usage() reads /proc on Host::blocking and replies
// from there, without touching the instance (which may be gone by then).

#include <map>
#include <string>

#include "nucleus/module/host.hpp"
#include "nucleus/module/kinds/isolator.hpp"
#include "proc_usage.hpp"

namespace nucleus::modules::posix {

class PosixIsolator : public module::Isolator {
 public:
  PosixIsolator(module::Host& host, std::string isolation, UsageFields fields,
                std::string procRoot = "/proc");

  std::string isolation() const noexcept override;
  void recover(std::vector<module::ContainerRecoveryState> states,
               module::Reply<Nothing> reply) noexcept override;
  void prepare(module::ContainerConfig config,
               module::Reply<std::optional<module::ContainerLaunchInfo>> reply) noexcept override;
  void isolate(mesos::v1::ContainerID containerId, int pid,
               module::Reply<Nothing> reply) noexcept override;
  void watch(mesos::v1::ContainerID containerId,
             module::Reply<module::ContainerLimitation> reply) noexcept override;
  void update(mesos::v1::ContainerID containerId, Resources resources,
              module::Reply<Nothing> reply) noexcept override;
  void usage(mesos::v1::ContainerID containerId,
             module::Reply<mesos::v1::ResourceStatistics> reply) noexcept override;
  void cleanup(mesos::v1::ContainerID containerId, module::Reply<Nothing> reply) noexcept override;

 private:
  struct Container {
    int pid = 0;  // 0 until isolate()
    // Kept, never called: posix isolation has no limits. Dropped at cleanup.
    std::vector<module::Reply<module::ContainerLimitation>> watches;
  };

  module::Host& host_;
  std::string isolation_;
  UsageFields fields_;
  std::string procRoot_;
  std::map<std::string, Container> containers_;  // by container id ("parent.child" when nested)
};

// "parent.child" for a nested container id, else its value.
std::string containerKey(const mesos::v1::ContainerID& id);

}  // namespace nucleus::modules::posix
