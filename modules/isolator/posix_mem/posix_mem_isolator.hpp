#pragma once

// The posix/mem isolator: as Mesos 1.5's posix/mem, it enforces nothing and
// reports the container's mem_rss_bytes from /proc.
//
// Thread safety: as PosixIsolator (every method on the instance's strand).

#include <memory>

#include "nucleus/module/host.hpp"
#include "nucleus/module/kinds/isolator.hpp"
#include "nucleus/module/parameters.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::modules::posix_mem {

inline constexpr const char* kIsolation = "posix/mem";

// Takes no parameters; any key is refused.
Try<std::unique_ptr<module::Isolator>> create(const module::Parameters& parameters,
                                              module::Host& host);

}  // namespace nucleus::modules::posix_mem
