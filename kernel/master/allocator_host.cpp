#include "kernel/master/allocator_host.hpp"

#include <chrono>

#include "kernel/common/logging.hpp"
#include "kernel/runtime/future.hpp"

namespace nucleus::master {

// Declared in this order so the module is destroyed before its host.
struct AllocatorHost::Instance {
  Instance(Runtime& runtime, const std::string& name) : host(runtime, name) {}
  loader::ModuleHost host;
  loader::ModulePtr<module::Allocator> allocator;
};

Try<std::shared_ptr<AllocatorHost>> AllocatorHost::create(
    Runtime& runtime, const std::string& name, const AllocatorFactory& factory,
    const module::AllocatorOptions& options, module::Allocator::OfferCallback offer,
    module::Allocator::InverseOfferCallback inverse)
{
  auto instance = std::make_shared<Instance>(runtime, name);
  Try<loader::ModulePtr<module::Allocator>> made = factory(instance->host);
  if (!made) {
    return Error("Failed to create allocator '" + name + "': " + made.error().message);
  }
  instance->allocator = std::move(*made);

  // initialize() runs on the instance's strand like every other call; start-up
  // waits for it (this is not a handler).
  auto promise = std::make_shared<Promise<Nothing>>();
  instance->host.post([instance, options, offer, inverse, promise]() {
    Try<Nothing> initialized = instance->allocator->initialize(options, offer, inverse);
    promise->complete(initialized);
  });
  Try<Nothing> initialized = promise->future().await(std::chrono::seconds(30));
  if (!initialized) {
    return Error("Allocator '" + name + "' refused to initialize: " + initialized.error().message);
  }
  return std::shared_ptr<AllocatorHost>(new AllocatorHost(name, std::move(instance)));
}

void AllocatorHost::post(std::function<void(module::Allocator&)> call)
{
  std::shared_ptr<Instance> instance = instance_;
  if (!instance) return;
  instance->host.post([instance, call = std::move(call)]() {
    if (instance->allocator) call(*instance->allocator);
  });
}

void AllocatorHost::shutdown()
{
  std::shared_ptr<Instance> instance = std::move(instance_);
  if (!instance) return;
  // The posted work holds the last reference: once it ran, the host goes too,
  // and the instance's own timers find it gone and do nothing.
  instance->host.post([instance]() { instance->allocator.reset(); });
}

}  // namespace nucleus::master
