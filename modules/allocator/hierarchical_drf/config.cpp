// Registration: the library's entry point, listing its one module.
#include "factory.hpp"
#include "nucleus/module/module.hpp"

NUCLEUS_MODULE_LIBRARY(
    nucleus::module::describe<"org_nucleus_allocator_hierarchical_drf", nucleus::module::Allocator,
                              &nucleus::modules::drf::create>(
        "The Nucleus authors",
        "Hierarchical DRF allocator with reservations, quota, weights and offer filters "
        "(Mesos 1.5 semantics)"))
