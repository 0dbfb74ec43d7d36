#pragma once

// The checks one module descriptor must pass before it is registered: its
// fields are present, its kind and kind version are ones this kernel knows, and
// the Nucleus version it was built for is acceptable.
//
// Versions follow Mesos 1.5's rule: a module built for a newer Nucleus is
// refused; one built for an older Nucleus loads only if it has a compatible()
// check, which then decides; without one, the versions must be equal.
//
// Thread safety: pure functions (they call the module's compatible()).

#include <string>
#include <vector>

#include "kernel/loader/known_kinds.hpp"
#include "nucleus/module/abi.h"
#include "nucleus/module/try.hpp"

namespace nucleus::loader {

// Returns the reason a descriptor is refused, phrased to follow "Failed to load
// module 'x' from library 'y' (...): ".
Try<Nothing> checkModule(const NucleusModuleDescriptor& descriptor,
                         const std::string& builtForVersion, const std::vector<KnownKind>& kinds);

}  // namespace nucleus::loader
