#pragma once

// MasterService: the master as `nucleus master` and `nucleus dev` run it. It
// owns the Master actor and its allocator, and serves the v1 scheduler API
// (/api/v1/scheduler) and the agent protocol (/nucleus/internal/agent) on the
// daemon's HTTP server.
//
//   MasterService master(runtime, settings, loader);
//   master.addRoutes(server);           // before the server starts
//   Try<uint16_t> port = server.start();
//   Try<Nothing> started = master.start(ip, *port);  // creates the allocator
//   ...
//   master.stop().await();
//
// Until start() the routes answer 503.
//
// Thread safety: the constructor, addRoutes(), start() and stop() belong to the
// thread that owns the service (start() waits for the allocator's
// initialize()); master() may be read from any thread.

#include <cstdint>
#include <memory>
#include <string>

#include "kernel/http/server.hpp"
#include "kernel/loader/module_loader.hpp"
#include "kernel/master/allocator_host.hpp"
#include "kernel/master/master_settings.hpp"
#include "kernel/runtime/runtime.hpp"
#include "nucleus/module/kinds/allocator.hpp"

namespace nucleus::master {

class Master;

class MasterService {
 public:
  // The allocator is the module `settings.allocator` from `loader`.
  MasterService(Runtime& runtime, const MasterSettings& settings,
                const loader::ModuleLoader& loader);
  // The allocator comes from `factory` (tests, benchmarks).
  MasterService(Runtime& runtime, const MasterSettings& settings, AllocatorFactory factory);
  ~MasterService();
  MasterService(const MasterService&) = delete;
  MasterService& operator=(const MasterService&) = delete;

  void addRoutes(http::HttpServer& server);

  // After the server listens on ip:port: the master's identity (MasterInfo)
  // and the allocator instance. An error names the setting or module at fault.
  Try<Nothing> start(const std::string& ip, uint16_t port);

  // Closes every framework and agent stream and shuts the allocator down.
  Future<Nothing> stop();

  const std::shared_ptr<Master>& master() const { return master_; }

 private:
  Runtime& runtime_;
  MasterSettings settings_;
  AllocatorFactory factory_;
  std::shared_ptr<Master> master_;
};

// The allocator's options from the master's flags; an error names the flag.
Try<module::AllocatorOptions> allocatorOptions(const MasterSettings& settings);

}  // namespace nucleus::master
