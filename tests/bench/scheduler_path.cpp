// Scheduler-path launches/s: a real `nucleus master` with simulated agents that
// answer every RUN_TASK with TASK_RUNNING at once (simulated_agent.hpp), so the
// figure is the master's and the scheduler API's: ACCEPT, validation, RUN_TASK
// to the agent, the status update back, UPDATE to the scheduler.
//
// Usage: bench_scheduler_path --master=127.0.0.1:5050 [--agents=10] [--tasks=20000]

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "tests/bench/launch_common.hpp"
#include "tests/bench/simulated_agent.hpp"

int main(int argc, char** argv)
{
  nucleus::bench::LaunchOptions options;
  options.tasks = 20000;
  int agents = 10;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.starts_with("--master=")) {
      std::string master = arg.substr(9);
      options.masterHost = master.substr(0, master.rfind(':'));
      options.masterPort = std::atoi(master.substr(master.rfind(':') + 1).c_str());
    } else if (arg.starts_with("--tasks=")) {
      options.tasks = std::atoi(arg.substr(8).c_str());
    } else if (arg.starts_with("--agents=")) {
      agents = std::atoi(arg.substr(9).c_str());
    } else {
      std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
      return 1;
    }
  }

  nucleus::Runtime runtime;
  runtime.start();
  nucleus::http::Endpoint master;
  master.host = options.masterHost;
  master.port = static_cast<uint16_t>(options.masterPort);
  std::vector<std::unique_ptr<nucleus::bench::SimulatedAgent>> simulated;
  for (int i = 0; i < agents; ++i) {
    simulated.push_back(std::make_unique<nucleus::bench::SimulatedAgent>(
        runtime, master, "simulated-" + std::to_string(i), "cpus:1000;mem:1000000;disk:1000000"));
    auto registered = simulated.back()->start().await(std::chrono::seconds(30));
    if (!registered) {
      std::fprintf(stderr, "simulated agent %d did not register: %s\n", i,
                   registered.error().message.c_str());
      return 1;
    }
  }

  nucleus::bench::LaunchResult result = nucleus::bench::runLaunches(options);
  nucleus::bench::printLaunchResult("master with " + std::to_string(agents) +
                                        " simulated agents, " + std::to_string(options.tasks) +
                                        " tasks",
                                    result);
  for (auto& agent : simulated) agent->stop();
  runtime.stop();
  return result.error.empty() ? 0 : 1;
}
