#pragma once

// A real cluster for integration tests: one `nucleus master` and N `nucleus
// agent` processes on loopback ports chosen at run time, each agent with its
// own work dir and small fixed resources. The master detects a dead agent
// within about 3 seconds (--agent_ping_timeout=1secs, 3 misses).
//
// Thread safety: owned by one test thread.

#include <memory>
#include <string>
#include <vector>

#include "tests/integration/nucleus_process.hpp"

namespace nucleus::testing {

struct ClusterOptions {
  int agents = 2;
  std::string agentResources = "cpus:2;mem:512;disk:1024;ports:[31000-31100]";
  std::vector<std::string> masterFlags;
  std::vector<std::string> agentFlags;
};

class Cluster {
 public:
  explicit Cluster(ClusterOptions options = {});

  int masterPort() const { return masterPort_; }
  int agentPort(size_t index) const { return agentPorts_.at(index); }
  NucleusProcess& master() { return *master_; }
  NucleusProcess& agent(size_t index) { return *agents_.at(index); }
  std::string workDir(size_t agentIndex) const;

  // Every process' log, for failure messages.
  std::string logs() const;

 private:
  int masterPort_ = 0;
  std::unique_ptr<NucleusProcess> master_;
  std::vector<int> agentPorts_;
  std::vector<std::unique_ptr<NucleusProcess>> agents_;
  std::vector<std::unique_ptr<TempDir>> workDirs_;
};

}  // namespace nucleus::testing
