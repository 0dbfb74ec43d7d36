// nucleus: one binary, four commands (master, agent, dev, execute).

#include <cstdio>
#include <string>
#include <vector>

#include "kernel/app/commands.hpp"
#include "kernel/common/logging.hpp"
#include "kernel/common/version.hpp"
#include "kernel/executor/executor_command.hpp"
#include "kernel/flags/suggest.hpp"
#include "kernel/flags/usage_error.hpp"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const nucleus::app::Args&);
};

const Command kCommands[] = {
    {"master", "Run a master (v1 scheduler and operator APIs, port 5050)", nucleus::app::runMaster},
    {"agent", "Run an agent (port 5051)", nucleus::app::runAgent},
    {"dev", "Run a master and an agent in one process, with the default modules",
     nucleus::app::runDev},
    {"execute", "Launch one task on a cluster, like mesos-execute", nucleus::app::runExecute},
};

void printHelp()
{
  std::printf("Usage: nucleus <command> [--flags...]\n\nCommands:\n");
  for (const auto& command : kCommands) std::printf("  %-9s %s\n", command.name, command.summary);
  std::printf(
      "\n  nucleus <command> --help   lists every flag of a command\n"
      "  nucleus --version          prints the version\n");
}

}  // namespace

int main(int argc, char** argv)
{
  nucleus::log::logToStderr();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    printHelp();
    return args.empty() ? 1 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::printf("nucleus %s (Mesos API %s)\n", nucleus::nucleusVersion().c_str(),
                nucleus::kMesosApiVersion);
    return 0;
  }
  for (const auto& command : kCommands) {
    if (args[0] == command.name) return command.run({args.begin() + 1, args.end()});
  }
  // Hidden: the agent starts the built-in executors as `nucleus executor command|default`.
  if (args[0] == "executor") return nucleus::executor::runExecutor({args.begin() + 1, args.end()});

  std::vector<std::string> names;
  for (const auto& command : kCommands) names.push_back(command.name);
  std::string message = "Unknown command '" + args[0] + "'";
  if (auto nearest = nucleus::flags::nearest(args[0], names)) {
    message += "; did you mean '" + *nearest + "'?";
  } else {
    message += "; the commands are master, agent, dev and execute";
  }
  nucleus::flags::exitWithUsageError("", nucleus::Error(message));
}
