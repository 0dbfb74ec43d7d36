#include "kernel/agent/paths.hpp"

namespace nucleus::agent::paths {

std::filesystem::path agentDirectory(const std::filesystem::path& workDir,
                                     const std::string& agentId)
{
  return workDir / "slaves" / agentId;
}

std::filesystem::path executorDirectory(const std::filesystem::path& workDir,
                                        const std::string& agentId, const std::string& frameworkId,
                                        const std::string& executorId)
{
  return agentDirectory(workDir, agentId) / "frameworks" / frameworkId / "executors" / executorId;
}

std::filesystem::path sandboxDirectory(const std::filesystem::path& workDir,
                                       const std::string& agentId, const std::string& frameworkId,
                                       const std::string& executorId,
                                       const std::string& containerId)
{
  return executorDirectory(workDir, agentId, frameworkId, executorId) / "runs" / containerId;
}

std::filesystem::path resourcesCheckpoint(const std::filesystem::path& workDir)
{
  return workDir / "meta" / "resources" / "resources.info";
}

}  // namespace nucleus::agent::paths
