#pragma once

// What the agent tells the master about itself (AgentInfo): hostname, port,
// total resources and attributes.
//
// Resources are --resources plus, for each of cpus, mem, disk and ports that
// --resources does not name, a detected amount, as Mesos 1.5's
// Containerizer::resources:
//   cpus  = the hardware threads of the machine;
//   mem   = total memory - 1GB when total >= 2GB, else half of it (MB, truncated);
//   disk  = size of the filesystem of the work dir - 5GB when it is >= 10GB,
//           else half of it (MB, truncated);
//   ports = [31000-32000].
// A name given with an empty amount ("cpus:0") counts as given.
//
// Thread safety: pure functions (they read /proc and statvfs: call them from
// start-up code or the blocking pool).

#include <google/protobuf/repeated_field.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "kernel/agent/agent_settings.hpp"
#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/try.hpp"

namespace nucleus::agent {

// The machine's numbers, detected; tests pass their own to agentResources.
struct MachineResources {
  double cpus = 1;
  uint64_t memoryBytes = 0;
  uint64_t diskBytes = 0;  // of the filesystem holding the work dir
};

Try<MachineResources> detectMachine(const std::filesystem::path& workDir);

Try<google::protobuf::RepeatedPtrField<mesos::v1::Resource>> agentResources(
    const AgentSettings& settings, const MachineResources& machine);

// The hostname to report: --hostname or gethostname().
std::string agentHostname(const AgentSettings& settings);

Try<mesos::v1::AgentInfo> makeAgentInfo(const AgentSettings& settings,
                                        const std::filesystem::path& workDir, uint16_t port);

}  // namespace nucleus::agent
