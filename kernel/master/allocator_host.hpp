#pragma once

// AllocatorHost: runs the allocator module instance on its own strand (its
// loader::ModuleHost). The master never calls the instance directly: it posts
// calls with post(), which run one at a time in the order posted, so the
// allocator sees the master's changes in the order the master made them. The
// instance's offer callbacks run on that strand too and only post back to the
// master.
//
// Thread safety: post() and shutdown() belong to the owner (the master actor);
// posted calls hold the instance alive; shutdown() destroys it on its strand
// after the calls already posted.

#include <functional>
#include <memory>
#include <string>

#include "kernel/loader/module_host.hpp"
#include "kernel/loader/module_ptr.hpp"
#include "kernel/runtime/runtime.hpp"
#include "nucleus/module/kinds/allocator.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::master {

// Makes the instance with its host (loader.create<module::Allocator>, or a test's own).
using AllocatorFactory =
    std::function<Try<loader::ModulePtr<module::Allocator>>(module::Host& host)>;

class AllocatorHost {
 public:
  // Creates the instance and runs its initialize() on its strand; an error
  // names the module and says why it refused.
  static Try<std::shared_ptr<AllocatorHost>> create(Runtime& runtime, const std::string& name,
                                                    const AllocatorFactory& factory,
                                                    const module::AllocatorOptions& options,
                                                    module::Allocator::OfferCallback offer,
                                                    module::Allocator::InverseOfferCallback inverse);

  // Runs `call(allocator)` on the allocator's strand (dropped after shutdown()).
  void post(std::function<void(module::Allocator&)> call);

  // Destroys the instance on its strand; later posts do nothing.
  void shutdown();

  const std::string& name() const { return name_; }

 private:
  struct Instance;
  AllocatorHost(std::string name, std::shared_ptr<Instance> instance)
      : name_(std::move(name)), instance_(std::move(instance))
  {
  }

  std::string name_;
  std::shared_ptr<Instance> instance_;
};

}  // namespace nucleus::master
