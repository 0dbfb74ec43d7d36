#include "tests/integration/cluster.hpp"

#include <doctest/doctest.h>

namespace nucleus::testing {

Cluster::Cluster(ClusterOptions options)
{
  masterPort_ = freePort();
  std::vector<std::string> masterArgs = {"--ip=127.0.0.1", "--port=" + std::to_string(masterPort_),
                                         "--agent_ping_timeout=1secs",
                                         "--max_agent_ping_timeouts=3",
                                         "--allocation_interval=100ms"};
  masterArgs.insert(masterArgs.end(), options.masterFlags.begin(), options.masterFlags.end());
  master_ = std::make_unique<NucleusProcess>("master", masterArgs);
  REQUIRE_MESSAGE(master_->waitHealthy(masterPort_), master_->log());

  for (int i = 0; i < options.agents; ++i) {
    const int port = freePort();
    auto workDir = std::make_unique<TempDir>();
    std::vector<std::string> args = {"--ip=127.0.0.1", "--port=" + std::to_string(port),
                                     "--master=127.0.0.1:" + std::to_string(masterPort_),
                                     "--resources=" + options.agentResources,
                                     "--work_dir=" + workDir->path().string()};
    args.insert(args.end(), options.agentFlags.begin(), options.agentFlags.end());
    agents_.push_back(std::make_unique<NucleusProcess>("agent", args));
    agentPorts_.push_back(port);
    workDirs_.push_back(std::move(workDir));
    REQUIRE_MESSAGE(agents_.back()->waitHealthy(port), agents_.back()->log());
  }
}

std::string Cluster::workDir(size_t agentIndex) const
{
  return workDirs_.at(agentIndex)->path().string();
}

std::string Cluster::logs() const
{
  std::string text = "--- master log ---\n" + master_->log();
  for (size_t i = 0; i < agents_.size(); ++i) {
    text += "\n--- agent " + std::to_string(i) + " log ---\n" + agents_[i]->log();
  }
  return text;
}

}  // namespace nucleus::testing
