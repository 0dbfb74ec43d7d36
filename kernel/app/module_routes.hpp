#pragma once

// Mounts the loaded `http_route` modules on an HTTP server: each module is
// created (with its manifest parameters) and answers requests to its path on
// its own strand. A module that never answers is cut off by the server's
// handler deadline (503), and a module that answers twice is answered once.
//
// Thread safety: mount on main's thread before the server starts; the handlers
// then run on any io thread.

#include <memory>
#include <vector>

#include "kernel/loader/module_host.hpp"
#include "kernel/http/server.hpp"
#include "kernel/loader/module_loader.hpp"
#include "nucleus/module/kinds/http_route.hpp"

namespace nucleus::app {

class ModuleRoutes {
 public:
  // Creates every http_route module of `loader` and adds its route to `server`.
  // Fails on the first module that refuses to be created or whose path is taken.
  Try<Nothing> mount(Runtime& runtime, const loader::ModuleLoader& loader,
                     http::HttpServer& server);

  size_t size() const { return mounted_.size(); }

 private:
  struct Mounted {
    std::unique_ptr<loader::ModuleHost> host;  // outlives `route`: declared first, destroyed last
    std::shared_ptr<module::HttpRoute> route;
  };
  std::vector<Mounted> mounted_;
};

}  // namespace nucleus::app
