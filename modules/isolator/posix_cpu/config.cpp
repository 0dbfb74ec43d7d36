// Registration: the library's entry point, listing its one module.
#include "nucleus/module/module.hpp"
#include "posix_cpu_isolator.hpp"

NUCLEUS_MODULE_LIBRARY(
    nucleus::module::describe<"org_nucleus_isolator_posix_cpu", nucleus::module::Isolator,
                              &nucleus::modules::posix_cpu::create>(
        "The Nucleus authors",
        "Isolation posix/cpu: enforces nothing, reports cpus_user_time_secs and "
        "cpus_system_time_secs from /proc"))
