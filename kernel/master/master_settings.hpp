#pragma once

// The master's settings: what `nucleus master` and `nucleus dev` take as flags,
// with Mesos 1.5's names, defaults and help, and what MasterService runs with.
// addMasterFlags() registers them on any FlagSet that holds a MasterSettings.
//
// Thread safety: a plain value; addMasterFlags runs while a flag set is built.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "kernel/common/duration.hpp"
#include "kernel/flags/flag_set.hpp"
#include "kernel/flags/validators.hpp"

namespace nucleus::master {

inline constexpr const char* kDefaultAllocator = "org_nucleus_allocator_hierarchical_drf";

struct MasterSettings {
  std::optional<Duration> offerTimeout;  // unset: offers never time out
  Duration agentPingTimeout = std::chrono::seconds(15);
  std::int64_t maxAgentPingTimeouts = 5;
  Duration allocationInterval = std::chrono::seconds(1);
  std::string allocator = kDefaultAllocator;
  std::optional<std::string> hostname;
  std::optional<std::string> weights;  // "role=weight,role=weight"
  std::optional<std::string> minAllocatableResources;  // "cpus:0.01|mem:32"
  std::optional<std::string> fairSharingExcludedResourceNames;  // "gpus,..."
  std::int64_t maxCompletedTasksPerFramework = 1000;

  // Not a flag: how often frameworks get HEARTBEAT (Mesos' DEFAULT_HEARTBEAT_INTERVAL).
  Duration heartbeatInterval = std::chrono::seconds(15);
};

template <typename Flags>
void addMasterFlags(Flags& set, MasterSettings Flags::*group)
{
  using namespace std::chrono_literals;
  set.add(group, &MasterSettings::offerTimeout, "offer_timeout",
          "Duration of time before an offer is rescinded from a framework.\n"
          "This helps fairness when running frameworks that hold on to offers,\n"
          "or frameworks that accidentally drop offers.\n"
          "If not set, offers do not timeout.");
  set.add(group, &MasterSettings::agentPingTimeout, "agent_ping_timeout",
          "The timeout within which an agent is expected to respond to a\n"
          "ping from the master. Agents that do not respond within\n"
          "max_agent_ping_timeouts ping retries will be asked to shutdown.\n"
          "NOTE: The total ping timeout (`agent_ping_timeout` multiplied by\n"
          "`max_agent_ping_timeouts`) should be greater than the ZooKeeper\n"
          "session timeout to prevent useless re-registration attempts.",
          Duration(15s))
      .validate(flags::inRange(Duration(1s), Duration(15min)))
      .deprecatedName("slave_ping_timeout");
  set.add(group, &MasterSettings::maxAgentPingTimeouts, "max_agent_ping_timeouts",
          "The number of times an agent can fail to respond to a\n"
          "ping from the master. Agents that do not respond within\n"
          "`max_agent_ping_timeouts` ping retries will be asked to shutdown.",
          std::int64_t{5})
      .validate(flags::atLeast(std::int64_t{1}))
      .deprecatedName("max_slave_ping_timeouts");
  set.add(group, &MasterSettings::allocationInterval, "allocation_interval",
          "Amount of time to wait between performing\n"
          " (batch) allocations (e.g., 500ms, 1sec, etc).",
          Duration(1s));
  set.add(group, &MasterSettings::allocator, "allocator",
          std::string("Allocator to use for resource allocation to frameworks.\n"
                      "Use the default `") +
              kDefaultAllocator +
              "` allocator, or\n"
              "load an alternate allocator module using `--modules`.",
          std::string(kDefaultAllocator));
  set.add(group, &MasterSettings::hostname, "hostname",
          "The hostname the master should advertise in ZooKeeper.\n"
          "If left unset, the hostname is resolved from the IP address\n"
          "that the master advertises; unless the user explicitly prevents\n"
          "that, using `--no-hostname_lookup`, in which case the IP itself\n"
          "is used.");
  set.add(group, &MasterSettings::weights, "weights",
          "A comma-separated list of role/weight pairs of the form\n"
          "`role=weight,role=weight`. Weights can be used to control the\n"
          "relative share of cluster resources that is offered to different\n"
          "roles. This flag is deprecated. Instead, operators should configure\n"
          "weights dynamically using the `/weights` HTTP endpoint.");
  set.add(group, &MasterSettings::minAllocatableResources, "min_allocatable_resources",
          "One or more sets of resource quantities that define the minimum\n"
          "allocatable resources for the allocator. The allocator will only offer\n"
          "resources that meet the quantity requirement of at least one of the\n"
          "specified sets. Sets are separated by a pipe, e.g.\n"
          "`cpus:1|mem:32`. Default: `cpus:0.01|mem:32`.");
  set.add(group, &MasterSettings::fairSharingExcludedResourceNames,
          "fair_sharing_excluded_resource_names",
          "A comma-separated list of the resource names (e.g. 'gpus')\n"
          "that will be excluded from fair sharing constraints.\n"
          "This may be useful in cases where the fair sharing\n"
          "implementation currently has limitations. E.g. See the\n"
          "problem of \"scarce\" resources:\n"
          "  http://www.mail-archive.com/dev@mesos.apache.org/msg35631.html\n"
          "  https://issues.apache.org/jira/browse/MESOS-5377");
  set.add(group, &MasterSettings::maxCompletedTasksPerFramework,
          "max_completed_tasks_per_framework",
          "Maximum number of completed tasks per framework to store in memory.",
          std::int64_t{1000})
      .validate(flags::atLeast(std::int64_t{0}));
}

}  // namespace nucleus::master
