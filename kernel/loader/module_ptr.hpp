#pragma once

// ModulePtr<Kind>: the owning handle of a module instance. Its deleter calls the
// module's own `destroy` (the instance was allocated by the library's allocator
// calls, so only the library may free it) and holds the library, so the library
// outlives every instance made from it.
//
// Thread safety: like std::unique_ptr. The instance's own contract is its kind's.

#include <memory>

#include "kernel/loader/library.hpp"
#include "nucleus/module/abi.h"

namespace nucleus::loader {

class ModuleDeleter {
 public:
  ModuleDeleter() = default;
  ModuleDeleter(std::shared_ptr<const Library> library, NucleusModuleDestroyFn destroy)
      : library_(std::move(library)), destroy_(destroy)
  {
  }

  // `instance` is exactly the Kind* that `create` returned as void*.
  template <typename Kind>
  void operator()(Kind* instance) const noexcept
  {
    if (instance != nullptr && destroy_ != nullptr) destroy_(static_cast<void*>(instance));
  }

  const std::shared_ptr<const Library>& library() const { return library_; }

 private:
  std::shared_ptr<const Library> library_;
  NucleusModuleDestroyFn destroy_ = nullptr;
};

template <typename Kind>
using ModulePtr = std::unique_ptr<Kind, ModuleDeleter>;

}  // namespace nucleus::loader
