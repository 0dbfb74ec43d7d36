#pragma once

// One serving daemon of the process (the master's or the agent's endpoint
// set): its HTTP server with the built-in endpoints and the http_route
// modules. `nucleus master` and `nucleus agent` run one; `nucleus dev` two.
//
// Thread safety: start() and stop() from main's thread; the server then serves
// on the runtime's io threads.

#include <functional>
#include <memory>
#include <string>

#include "kernel/app/daemon_flags.hpp"
#include "kernel/app/module_routes.hpp"
#include "kernel/http/server.hpp"
#include "kernel/loader/module_loader.hpp"

namespace nucleus::app {

// The state machine a daemon serves (the master's or the agent's), in the order
// the daemon drives it: routes before the server listens, start once the port
// is known (port 0 picks one), stop before the server stops.
struct DaemonService {
  std::function<void(http::HttpServer&)> addRoutes;
  std::function<Try<Nothing>(const std::string& ip, uint16_t port)> start;
  std::function<Future<Nothing>()> stop;
};

class Daemon {
 public:
  // `role` names it in logs ("master"); `processPrefix` is Mesos' process
  // name for the endpoint aliases ("master", "slave(1)"). `flags` is the whole
  // flag set shown by /flags; `port` may differ from flags.port (dev's agent).
  Daemon(Runtime& runtime, std::string role, std::string processPrefix, const DaemonFlags& flags,
         uint16_t port);

  // Builds the server and its routes, mounts the modules, starts listening and
  // then starts `service` (if any) on the bound port. The error names the role
  // and what to change.
  Try<uint16_t> start(const loader::ModuleLoader& modules, DaemonService service = {});
  Future<Nothing> stop();

 private:
  Runtime& runtime_;
  std::string role_;
  std::string processPrefix_;
  const DaemonFlags& flags_;
  uint16_t port_;
  // Declared before the server so that the modules outlive its handlers.
  ModuleRoutes moduleRoutes_;
  DaemonService service_;
  std::unique_ptr<http::HttpServer> server_;
};

// Runs the start-up steps that every daemon command shares, in order: the log
// level, the work dir, the module manifests. Errors name the flag to fix.
Try<Nothing> prepareProcess(const DaemonFlags& flags, loader::ModuleLoader& modules);

// Serves until SIGINT/SIGTERM, then stops `daemons` newest first. Returns the exit code.
int serveUntilShutdown(Runtime& runtime, std::vector<Daemon*> daemons);

}  // namespace nucleus::app
