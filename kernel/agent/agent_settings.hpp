#pragma once

// The agent's settings: the flags of `nucleus agent` (and the agent half of
// `nucleus dev`) that belong to the agent area, with Mesos 1.5's names so that
// existing MESOS_* environments and unit files carry over. The daemon's own
// flags (--ip, --port, --work_dir, --modules...) live in kernel/app.
//
//   struct AgentFlags : DaemonFlags {
//     AgentFlags() { agent::addAgentFlags(*this, &AgentFlags::agent); }
//     agent::AgentSettings agent;
//   };
//
// Thread safety: a plain value, loaded once and then read-only.

#include <optional>
#include <string>

#include "kernel/common/duration.hpp"
#include "kernel/flags/flag_set.hpp"

namespace nucleus::agent {

struct AgentSettings {
  // "host:port" or "http://host:port" of the master (zk:// is not supported yet).
  std::optional<std::string> master;
  // Mesos' text form "cpus:4;mem:8192;ports:[31000-32000]" or a JSON array;
  // whatever of cpus, mem, disk and ports is not given is detected.
  std::optional<std::string> resources;
  // "rack:a;zone:b" (text, scalar, ranges or set values, as Mesos).
  std::optional<std::string> attributes;
  std::optional<std::string> hostname;
  std::string isolation = "posix/cpu,posix/mem";
  // Role of the resources in --resources that name none.
  std::string defaultRole = "*";
  Duration executorRegistrationTimeout = Duration::minutes(1);
  Duration executorShutdownGracePeriod = Duration::seconds(5);
  Duration registrationBackoffFactor = Duration::seconds(1);

  // Not flags: Mesos' constants, settable by tests.
  // First retry of an unacknowledged status update; doubles up to the max.
  Duration statusUpdateRetryInterval = Duration::seconds(10);
  Duration statusUpdateRetryIntervalMax = Duration::minutes(10);
  // Upper bound of the re-registration backoff (Mesos' REGISTER_RETRY_INTERVAL_MAX).
  Duration registrationBackoffMax = Duration::minutes(1);
  // The `nucleus` binary that runs the built-in executors; none: this program.
  std::optional<std::string> executorBinary;
};

// Registers the agent's flags on `set`, stored in `set.*group`.
// Which flags a set takes: `nucleus dev` shares --hostname with its master, so
// the agent's own is left out there.
enum class AgentFlagScope { Standalone, BesideMaster };

template <typename Flags>
void addAgentFlags(Flags& set, AgentSettings Flags::*group,
                   AgentFlagScope scope = AgentFlagScope::Standalone)
{
  set.add(group, &AgentSettings::master, "master",
          "The master to register with: host:port or http://host:port.");
  set.add(group, &AgentSettings::resources, "resources",
          "Total consumable resources of this agent, e.g.\n"
          "\"cpus:4;mem:8192;disk:100000;ports:[31000-32000]\" or a JSON array of\n"
          "Resource objects. cpus, mem, disk and ports that are not given are detected.");
  set.add(group, &AgentSettings::attributes, "attributes",
          "Attributes of this agent, e.g. \"rack:abc;kernel:4.9\".");
  if (scope == AgentFlagScope::Standalone) {
    set.add(group, &AgentSettings::hostname, "hostname",
            "The hostname the agent reports to the master (default: the system's).");
  }
  set.add(group, &AgentSettings::isolation, "isolation",
          "Comma-separated isolators run for every container (isolator modules).",
          std::string("posix/cpu,posix/mem"));
  set.add(group, &AgentSettings::defaultRole, "default_role",
          "Role of the --resources that name none (and of detected ones).", std::string("*"));
  set.add(group, &AgentSettings::executorRegistrationTimeout, "executor_registration_timeout",
          "How long an executor may take to subscribe before it is destroyed and its\n"
          "tasks fail.",
          Duration::minutes(1));
  set.add(group, &AgentSettings::executorShutdownGracePeriod, "executor_shutdown_grace_period",
          "How long an executor may take to shut down before it is killed.", Duration::seconds(5));
  set.add(group, &AgentSettings::registrationBackoffFactor, "registration_backoff_factor",
          "The first (re-)registration attempt waits a random time up to this; each\n"
          "failure doubles the bound, up to 1mins.",
          Duration::seconds(1));
}

}  // namespace nucleus::agent
