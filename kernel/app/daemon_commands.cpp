// `nucleus master`, `nucleus agent` and `nucleus dev`: load flags, prepare the
// process (log level, work dir, modules), start the daemons, serve until a
// signal.

#include <cstdio>

#include "kernel/app/commands.hpp"
#include "kernel/app/daemon.hpp"
#include "kernel/agent/agent_service.hpp"
#include "kernel/app/default_modules.hpp"
#include "kernel/common/logging.hpp"
#include "kernel/flags/usage_error.hpp"
#include "kernel/master/master_service.hpp"

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

// Loads the default modules (unless --no-default_modules), then the operator's.
void loadModules(const DaemonFlags& flags, const std::string& command, loader::ModuleLoader& modules)
{
  if (flags.defaultModules) {
    Try<Nothing> defaults = modules.load(defaultModulesManifest());
    if (!defaults) exitWithStartupError(command, defaults.error());
  }
  Try<Nothing> prepared = prepareProcess(flags, modules);
  if (!prepared) exitWithStartupError(command, prepared.error());
}

DaemonService serviceOf(master::MasterService& master)
{
  return {[&master](http::HttpServer& server) { master.addRoutes(server); },
          [&master](const std::string& ip, uint16_t port) { return master.start(ip, port); },
          [&master] { return master.stop(); }};
}

DaemonService serviceOf(agent::AgentService& agent)
{
  return {[&agent](http::HttpServer& server) { agent.addRoutes(server); },
          [&agent](const std::string& ip, uint16_t port) { return agent.start(ip, port); },
          [&agent] { return agent.stop(); }};
}

}  // namespace

int runMaster(const Args& args)
{
  MasterFlags flags;
  int exitCode = 0;
  if (!loadFlags(flags, args, "master", exitCode)) return exitCode;

  loader::ModuleLoader modules;
  loadModules(flags, "master", modules);

  Runtime runtime;
  runtime.start();  // the services start on it before serving
  master::MasterService master(runtime, flags.master, modules);
  Daemon daemon(runtime, "master", "master", flags, flags.port);
  Try<uint16_t> started = daemon.start(modules, serviceOf(master));
  if (!started) exitWithStartupError("master", started.error());
  return serveUntilShutdown(runtime, {&daemon});
}

int runAgent(const Args& args)
{
  AgentFlags flags;
  int exitCode = 0;
  if (!loadFlags(flags, args, "agent", exitCode)) return exitCode;
  // As Mesos: the agent keeps sandboxes and checkpoints, so it needs a place for them.
  if (!flags.workDir) {
    flags::exitWithUsageError("agent", Error("--work_dir is required: the agent keeps its "
                                             "sandboxes there, e.g. --work_dir=/var/lib/nucleus"));
  }
  if (!flags.agent.master) {
    flags::exitWithUsageError(
        "agent", Error("--master is required: the master to register with, e.g. "
                       "--master=10.0.0.1:5050"));
  }

  loader::ModuleLoader modules;
  loadModules(flags, "agent", modules);

  Runtime runtime;
  runtime.start();  // the services start on it before serving
  agent::AgentService agent(runtime, flags.agent, *flags.workDir, modules);
  Daemon daemon(runtime, "agent", "slave(1)", flags, flags.port);
  Try<uint16_t> started = daemon.start(modules, serviceOf(agent));
  if (!started) exitWithStartupError("agent", started.error());
  return serveUntilShutdown(runtime, {&daemon});
}

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
  if (!flags.workDir) flags.workDir = "/tmp/nucleus-dev";

  loader::ModuleLoader modules;
  loadModules(flags, "dev", modules);

  Runtime runtime;
  runtime.start();  // the services start on it before serving
  master::MasterService master(runtime, flags.master, modules);
  Daemon masterDaemon(runtime, "master", "master", flags, flags.port);
  Try<uint16_t> masterPort = masterDaemon.start(modules, serviceOf(master));
  if (!masterPort) exitWithStartupError("dev", masterPort.error());

  // The agent registers with this master unless told otherwise.
  if (!flags.agent.master) flags.agent.master = "127.0.0.1:" + std::to_string(*masterPort);
  flags.agent.hostname = flags.master.hostname;  // one --hostname for both
  agent::AgentService agent(runtime, flags.agent, *flags.workDir / "agent", modules);
  Daemon agentDaemon(runtime, "agent", "slave(1)", flags, flags.agentPort);
  Try<uint16_t> agentPort = agentDaemon.start(modules, serviceOf(agent));
  if (!agentPort) exitWithStartupError("dev", agentPort.error());
  return serveUntilShutdown(runtime, {&masterDaemon, &agentDaemon});
}

}  // namespace nucleus::app
