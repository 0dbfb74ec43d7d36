#pragma once

// The flags of the long-running commands. DaemonFlags holds what every HTTP
// daemon shares (address, TLS, modules, logging, work dir); MasterFlags,
// AgentFlags and DevFlags add their own. Mesos' names are kept, so existing
// MESOS_* environments and unit files carry over.
//
// Thread safety: loaded once on main's thread, then read-only.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "kernel/agent/agent_settings.hpp"
#include "kernel/flags/flag_set.hpp"
#include "kernel/http/tls.hpp"
#include "kernel/master/master_settings.hpp"

namespace nucleus::app {

struct DaemonFlags : flags::FlagSet {
  explicit DaemonFlags(uint16_t defaultPort);

  // The TLS settings of this daemon's server.
  http::TlsOptions tls() const;

  std::optional<std::string> ip;
  uint16_t port = 0;
  std::optional<std::filesystem::path> workDir;
  std::optional<std::string> modules;
  std::optional<std::filesystem::path> modulesDir;
  std::string loggingLevel;
  bool defaultModules = true;

  bool sslEnabled = false;
  std::optional<std::filesystem::path> sslCertFile;
  std::optional<std::filesystem::path> sslKeyFile;
  std::optional<std::filesystem::path> sslCaFile;
  bool sslRequireClientCert = false;
};

struct MasterFlags : DaemonFlags {
  MasterFlags();

  master::MasterSettings master;
};

struct AgentFlags : DaemonFlags {
  AgentFlags();

  agent::AgentSettings agent;
};

// `nucleus dev`: a master and an agent in one process. --port is the master's,
// --agent_port the agent's; the rest is shared, and the agent registers with
// the master on its own (its --master defaults to this master). The agent
// keeps its state under <work_dir>/agent.
struct DevFlags : DaemonFlags {
  DevFlags();

  uint16_t agentPort = 5051;
  master::MasterSettings master;
  agent::AgentSettings agent;
};

}  // namespace nucleus::app
