// Registration: the library's entry point, listing its one module.
#include "nucleus/module/module.hpp"
#include "posix_mem_isolator.hpp"

NUCLEUS_MODULE_LIBRARY(
    nucleus::module::describe<"org_nucleus_isolator_posix_mem", nucleus::module::Isolator,
                              &nucleus::modules::posix_mem::create>(
        "The Nucleus authors",
        "Isolation posix/mem: enforces nothing, reports mem_rss_bytes from /proc"))
