#pragma once

// Where the agent keeps things under its work dir, with Mesos 1.5's layout so
// that operators find sandboxes where they are used to:
//
//   <work_dir>/slaves/<agent_id>/frameworks/<framework_id>/executors/<executor_id>/runs/<container_id>
//
// Thread safety: pure functions.

#include <filesystem>
#include <string>

namespace nucleus::agent::paths {

std::filesystem::path agentDirectory(const std::filesystem::path& workDir,
                                     const std::string& agentId);

std::filesystem::path executorDirectory(const std::filesystem::path& workDir,
                                        const std::string& agentId, const std::string& frameworkId,
                                        const std::string& executorId);

// The sandbox of one run of an executor.
std::filesystem::path sandboxDirectory(const std::filesystem::path& workDir,
                                       const std::string& agentId, const std::string& frameworkId,
                                       const std::string& executorId,
                                       const std::string& containerId);

std::filesystem::path resourcesCheckpoint(const std::filesystem::path& workDir);

}  // namespace nucleus::agent::paths
