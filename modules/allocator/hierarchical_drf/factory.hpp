#pragma once

// The module's factory: reads the manifest parameters and creates a
// HierarchicalAllocator. AllocatorOptions come later, from initialize().
//
// Parameters (all optional):
//   agent_order  "random" (default; as Mesos, agents are visited in a random
//                order each round) or "sorted" (the order agents were added)
//
// Thread safety: create() may run on any thread; it touches no shared state.

#include <memory>

#include "nucleus/module/host.hpp"
#include "nucleus/module/kinds/allocator.hpp"
#include "nucleus/module/parameters.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::modules::drf {

Try<std::unique_ptr<module::Allocator>> create(const module::Parameters& parameters,
                                               module::Host& host);

}  // namespace nucleus::modules::drf
