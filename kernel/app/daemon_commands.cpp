// `nucleus master`, `nucleus agent` and `nucleus dev`: load flags, prepare the
// process (log level, work dir, modules), start the daemons, serve until a
// signal.

#include <cstdio>

#include "kernel/app/commands.hpp"
#include "kernel/app/daemon.hpp"
#include "kernel/app/default_modules.hpp"
#include "kernel/common/logging.hpp"
#include "kernel/flags/usage_error.hpp"

namespace nucleus::app {

namespace {

// Loads `flags` from the arguments and the environment. Returns false when the
// command should exit at once with `exitCode` (--help, or a usage error).
bool loadFlags(flags::FlagSet& flags, const Args& args, const std::string& command,
               int& exitCode)
{
  Try<Nothing> loaded = flags.load(args);
  if (flags.helpRequested()) {
    std::printf("%s", flags.help("Usage: nucleus " + command + " [--flags...]").c_str());
    exitCode = 0;
    return false;
  }
  if (!loaded) flags::exitWithUsageError(command, loaded.error());
  return true;
}

[[noreturn]] void exitWithStartupError(const std::string& command, const Error& error)
{
  log::error("nucleus {}: {}", command, error.message);
  std::fprintf(stderr, "nucleus %s: %s\n", command.c_str(), error.message.c_str());
  std::exit(1);
}

template <typename FlagsType>
int runSingleDaemon(const Args& args, const std::string& command, const std::string& prefix)
{
  FlagsType flags;
  int exitCode = 0;
  if (!loadFlags(flags, args, command, exitCode)) return exitCode;

  loader::ModuleLoader modules;
  Try<Nothing> prepared = prepareProcess(flags, modules);
  if (!prepared) exitWithStartupError(command, prepared.error());

  Runtime runtime;
  Daemon daemon(runtime, command, prefix, flags, flags.port);
  Try<uint16_t> started = daemon.start(modules);
  if (!started) exitWithStartupError(command, started.error());
  return serveUntilShutdown(runtime, {&daemon});
}

}  // namespace

int runMaster(const Args& args) { return runSingleDaemon<MasterFlags>(args, "master", "master"); }

int runAgent(const Args& args) { return runSingleDaemon<AgentFlags>(args, "agent", "slave(1)"); }

int runDev(const Args& args)
{
  DevFlags flags;
  int exitCode = 0;
  if (!loadFlags(flags, args, "dev", exitCode)) return exitCode;
  if (flags.port == flags.agentPort) {
    flags::exitWithUsageError(
        "dev", Error("--port and --agent_port are both " + std::to_string(flags.port) +
                     "; give the master and the agent different ports"));
  }

  loader::ModuleLoader modules;
  if (flags.defaultModules) {
    Try<Nothing> defaults = modules.load(defaultModulesManifest());
    if (!defaults) exitWithStartupError("dev", defaults.error());
  }
  Try<Nothing> prepared = prepareProcess(flags, modules);
  if (!prepared) exitWithStartupError("dev", prepared.error());

  Runtime runtime;
  Daemon master(runtime, "master", "master", flags, flags.port);
  Daemon agent(runtime, "agent", "slave(1)", flags, flags.agentPort);
  Try<uint16_t> masterPort = master.start(modules);
  if (!masterPort) exitWithStartupError("dev", masterPort.error());
  Try<uint16_t> agentPort = agent.start(modules);
  if (!agentPort) exitWithStartupError("dev", agentPort.error());
  return serveUntilShutdown(runtime, {&master, &agent});
}

}  // namespace nucleus::app
