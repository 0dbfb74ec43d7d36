#include "kernel/agent/containerizer/isolator_handle.hpp"

#include <utility>

namespace nucleus::agent {

IsolatorHandle::IsolatorHandle(std::string moduleName, std::unique_ptr<loader::ModuleHost> host,
                               loader::ModulePtr<module::Isolator> isolator)
    : moduleName_(std::move(moduleName)),
      host_(std::move(host)),
      isolator_(std::move(isolator)),
      isolation_(isolator_->isolation())
{
}

template <typename T, typename Invoke>
Future<T> IsolatorHandle::call(Invoke invoke)
{
  auto promise = std::make_shared<Promise<T>>();
  Future<T> future = promise->future();
  host_->post([self = shared_from_this(), promise, invoke = std::move(invoke)]() mutable {
    // A second reply is a module bug; the promise keeps the first.
    invoke(*self->isolator_, [promise](Try<T> result) { promise->complete(std::move(result)); });
  });
  return future;
}

Future<Nothing> IsolatorHandle::recover(std::vector<module::ContainerRecoveryState> states)
{
  return call<Nothing>([states = std::move(states)](module::Isolator& isolator,
                                                    module::Reply<Nothing> reply) mutable {
    isolator.recover(std::move(states), std::move(reply));
  });
}

Future<std::optional<module::ContainerLaunchInfo>> IsolatorHandle::prepare(
    module::ContainerConfig config)
{
  using Info = std::optional<module::ContainerLaunchInfo>;
  return call<Info>(
      [config = std::move(config)](module::Isolator& isolator, module::Reply<Info> reply) mutable {
        isolator.prepare(std::move(config), std::move(reply));
      });
}

Future<Nothing> IsolatorHandle::isolate(const mesos::v1::ContainerID& containerId, int pid)
{
  return call<Nothing>(
      [containerId, pid](module::Isolator& isolator, module::Reply<Nothing> reply) mutable {
        isolator.isolate(containerId, pid, std::move(reply));
      });
}

Future<module::ContainerLimitation> IsolatorHandle::watch(const mesos::v1::ContainerID& containerId)
{
  return call<module::ContainerLimitation>(
      [containerId](module::Isolator& isolator,
                    module::Reply<module::ContainerLimitation> reply) mutable {
        isolator.watch(containerId, std::move(reply));
      });
}

Future<Nothing> IsolatorHandle::update(const mesos::v1::ContainerID& containerId,
                                       Resources resources)
{
  return call<Nothing>([containerId, resources = std::move(resources)](
                           module::Isolator& isolator, module::Reply<Nothing> reply) mutable {
    isolator.update(containerId, std::move(resources), std::move(reply));
  });
}

Future<mesos::v1::ResourceStatistics> IsolatorHandle::usage(
    const mesos::v1::ContainerID& containerId)
{
  return call<mesos::v1::ResourceStatistics>(
      [containerId](module::Isolator& isolator,
                    module::Reply<mesos::v1::ResourceStatistics> reply) mutable {
        isolator.usage(containerId, std::move(reply));
      });
}

Future<Nothing> IsolatorHandle::cleanup(const mesos::v1::ContainerID& containerId)
{
  return call<Nothing>(
      [containerId](module::Isolator& isolator, module::Reply<Nothing> reply) mutable {
        isolator.cleanup(containerId, std::move(reply));
      });
}

}  // namespace nucleus::agent
