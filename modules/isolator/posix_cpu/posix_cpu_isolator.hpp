#pragma once

// The posix/cpu isolator: as Mesos 1.5's posix/cpu, it enforces nothing and
// reports the container's cpus_user_time_secs and cpus_system_time_secs from /proc.
//
// Thread safety: as PosixIsolator (every method on the instance's strand).

#include <memory>

#include "nucleus/module/host.hpp"
#include "nucleus/module/kinds/isolator.hpp"
#include "nucleus/module/parameters.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::modules::posix_cpu {

inline constexpr const char* kIsolation = "posix/cpu";

// Takes no parameters; any key is refused.
Try<std::unique_ptr<module::Isolator>> create(const module::Parameters& parameters,
                                              module::Host& host);

}  // namespace nucleus::modules::posix_cpu
