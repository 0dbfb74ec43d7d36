#pragma once

// The agent as `nucleus agent` and `nucleus dev` run it:
//
//   AgentService agent(runtime, flags.agent, workDir, loader);
//   agent.addRoutes(server);                 // before the server listens
//   server.start() ...
//   Try<Nothing> started = agent.start(ip, port);  // after it listens
//   ...
//   agent.stop().await();
//
// start() creates the containerizer with the --isolation isolators, describes
// the agent (AgentInfo with detected resources) and begins registering with
// --master. Routes: POST /api/v1/executor (the v1 executor API).
//
// Thread safety: construct, addRoutes() and start() on the owning thread;
// stop() from any thread. The routes' handlers run on io threads and dispatch
// to the agent actor.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "kernel/agent/agent_settings.hpp"
#include "kernel/http/server.hpp"
#include "kernel/loader/module_loader.hpp"
#include "kernel/runtime/runtime.hpp"

namespace nucleus::agent {

class Agent;

class AgentService {
 public:
  AgentService(Runtime& runtime, const AgentSettings& settings, std::filesystem::path workDir,
               const loader::ModuleLoader& loader);
  ~AgentService();
  AgentService(const AgentService&) = delete;
  AgentService& operator=(const AgentService&) = delete;

  void addRoutes(http::HttpServer& server);

  // `ip` and `port` are where the agent's server listens (0.0.0.0 is told to
  // executors as 127.0.0.1). Errors name the flag at fault.
  Try<Nothing> start(const std::string& ip, uint16_t port);

  Future<Nothing> stop();

  // The running agent (null before start()), for tests and state endpoints.
  std::shared_ptr<Agent> agent() const;

 private:
  Runtime& runtime_;
  AgentSettings settings_;
  std::filesystem::path workDir_;
  const loader::ModuleLoader& loader_;
  // The agent, shared with the route handlers (which run on io threads).
  struct Holder {
    mutable std::mutex mutex;  // guards `agent` (a handle, not actor state)
    std::shared_ptr<Agent> agent;
    std::shared_ptr<Agent> get() const
    {
      std::lock_guard lock(mutex);
      return agent;
    }
  };
  std::shared_ptr<Holder> holder_;
};

}  // namespace nucleus::agent
