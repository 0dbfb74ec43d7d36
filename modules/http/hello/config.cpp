// Registration: the library's entry point, listing its one module.
#include "hello_route.hpp"
#include "nucleus/module/module.hpp"

NUCLEUS_MODULE_LIBRARY(
    nucleus::module::describe<"org_nucleus_http_hello", nucleus::module::HttpRoute,
                              &nucleus::modules::hello::create>(
        "The Nucleus authors",
        "Adds an HTTP route (default /hello) that answers GET with a greeting"))
