#pragma once

// A real agent (AgentService with the real containerizer, the posix isolator
// modules and the real command executor) in this test process, registered
// with a FakeMaster, plus the builders the tests share.
//
// Thread safety: owned by one test thread.

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "kernel/agent/agent_service.hpp"
#include "kernel/http/server.hpp"
#include "kernel/loader/module_loader.hpp"
#include "kernel/runtime/runtime.hpp"
#include "tests/kernel/agent/fake_master.hpp"
#include "tests/support/temp_dir.hpp"

namespace nucleus::agent::testing {

// Settings that make the tests quick: fast retries and backoff.
AgentSettings fastSettings();

// What runs `nucleus executor command|default` in tests.
std::string executorBinary();

// A command task of framework "framework-1" on the fake master's agent.
nucleus::internal::AgentEvent runCommandTask(const std::string& taskId, const std::string& command,
                                             const std::string& agentId);

nucleus::internal::AgentEvent killTask(const std::string& taskId);

class AgentFixture {
 public:
  // Starts the agent with `settings` (master set to the fake master).
  explicit AgentFixture(AgentSettings settings = fastSettings());
  ~AgentFixture();

  Runtime runtime{Runtime::Options{2, 2, std::chrono::seconds(5)}};
  nucleus::testing::TempDir workDir;
  std::unique_ptr<FakeMaster> master;
  std::unique_ptr<loader::ModuleLoader> loader;
  std::unique_ptr<http::HttpServer> server;
  std::unique_ptr<AgentService> agent;
  uint16_t port = 0;

  // Waits until the agent has been registered by the fake master.
  bool waitRegistered() const;

  // The sandbox of the only run of `executorId` of framework-1.
  std::optional<std::filesystem::path> sandbox(const std::string& executorId) const;
};

}  // namespace nucleus::agent::testing
