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

#include "kernel/flags/flag_set.hpp"
#include "kernel/http/tls.hpp"

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

  bool sslEnabled = false;
  std::optional<std::filesystem::path> sslCertFile;
  std::optional<std::filesystem::path> sslKeyFile;
  std::optional<std::filesystem::path> sslCaFile;
  bool sslRequireClientCert = false;
};

struct MasterFlags : DaemonFlags {
  MasterFlags();
};

struct AgentFlags : DaemonFlags {
  AgentFlags();
};

// `nucleus dev`: a master and an agent in one process. --port is the master's,
// --agent_port the agent's; the rest is shared. The default modules load first.
struct DevFlags : DaemonFlags {
  DevFlags();

  uint16_t agentPort = 5051;
  bool defaultModules = true;
};

}  // namespace nucleus::app
