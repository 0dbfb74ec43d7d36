// Task launches/s in a real `nucleus dev`: 2,000 command tasks (`sleep 30`),
// each with its own command executor process, from the ACCEPT that launched it
// to the TASK_RUNNING the scheduler sees.
//
// Usage: bench_task_launch --master=127.0.0.1:5050 [--tasks=2000] [--command='sleep 30']

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/bench/launch_common.hpp"

int main(int argc, char** argv)
{
  nucleus::bench::LaunchOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.starts_with("--master=")) {
      std::string master = arg.substr(9);
      options.masterHost = master.substr(0, master.rfind(':'));
      options.masterPort = std::atoi(master.substr(master.rfind(':') + 1).c_str());
    } else if (arg.starts_with("--tasks=")) {
      options.tasks = std::atoi(arg.substr(8).c_str());
    } else if (arg.starts_with("--command=")) {
      options.command = arg.substr(10);
    } else {
      std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
      return 1;
    }
  }
  nucleus::bench::LaunchResult result = nucleus::bench::runLaunches(options);
  nucleus::bench::printLaunchResult(
      "nucleus dev, " + std::to_string(options.tasks) + " x '" + options.command + "'", result);
  return result.error.empty() ? 0 : 1;
}
