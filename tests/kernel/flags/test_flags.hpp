#pragma once

// Flag sets shared by the flags tests, declared the way a command declares its own.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kernel/common/bytes.hpp"
#include "kernel/common/duration.hpp"
#include "kernel/flags/flag_set.hpp"
#include "kernel/flags/validators.hpp"

namespace nucleus::flags::test {

using namespace std::chrono_literals;

// One flag of every supported type, none of them required.
struct ServerFlags : FlagSet {
  ServerFlags()
  {
    add(&ServerFlags::port, "port", "Port to listen on.", 5050).validate(validPort);
    add(&ServerFlags::verbose, "verbose", "Log every request.", false);
    add(&ServerFlags::timeout, "timeout", "How long to wait for an agent.", 15s);
    add(&ServerFlags::memory, "memory", "Memory to offer.", Bytes::megabytes(64));
    add(&ServerFlags::ratio, "ratio", "Share of the cluster.", 0.5).validate(inRange(0.0, 1.0));
    add(&ServerFlags::count, "count", "How many.", int64_t{0});
    add(&ServerFlags::retries, "retries", "How many retries.", 3);
    add(&ServerFlags::name, "name", "Cluster name.", "nucleus");
    add(&ServerFlags::workDir, "work_dir", "Where to keep state.", "/var/lib/nucleus");
    add(&ServerFlags::zk, "zk", "ZooKeeper URL.");
    add(&ServerFlags::maxAgents, "max_agents", "Most agents to admit.").validate(atLeast(1));
    add(&ServerFlags::policy, "policy", "Reconfiguration policy.", "equal")
        .validate(oneOf({"equal", "additive"}));
    add(&ServerFlags::reregisterTimeout, "agent_reregister_timeout", "How long agents have.", 10min)
        .validate(atLeast(1s))
        .deprecatedName("slave_reregister_timeout");
  }

  uint16_t port = 0;
  bool verbose = true;
  Duration timeout;
  Bytes memory;
  double ratio = 0;
  int64_t count = 0;
  int retries = 0;
  std::string name;
  std::filesystem::path workDir;
  std::optional<std::string> zk;
  std::optional<int> maxAgents;
  std::string policy;
  Duration reregisterTimeout;
};

// Secrets: values must never show.
struct SecretFlags : FlagSet {
  SecretFlags()
  {
    add(&SecretFlags::token, "token", "Bearer token.", "default-token")
        .secret()
        .validate([](const std::string& token) -> Try<Nothing> {
          if (token.size() < 8) return Error("must be at least 8 characters long");
          return Nothing{};
        });
    add(&SecretFlags::pin, "pin", "A PIN.").secret();
  }

  std::string token;
  std::optional<uint32_t> pin;
};

// A flag that must be given.
struct RequiredFlags : FlagSet {
  RequiredFlags()
  {
    add(&RequiredFlags::workDir, "work_dir", "Where to keep state.", kRequired);
    add(&RequiredFlags::quiet, "quiet", "Log less.", false);
  }

  std::filesystem::path workDir;
  bool quiet = false;
};

// The value /flags would show for `name`, or none.
inline std::optional<std::string> valueOf(const FlagSet& flags, const std::string& name)
{
  for (const auto& [key, value] : flags.values()) {
    if (key == name) return value;
  }
  return std::nullopt;
}

}  // namespace nucleus::flags::test
