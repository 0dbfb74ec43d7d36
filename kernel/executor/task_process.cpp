#include "kernel/executor/task_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <sstream>

extern char** environ;

namespace nucleus::executor {

namespace {

// Looks `name` up in a PATH value, as execvp would in the task's environment.
std::string resolveExecutable(const std::string& name,
                              const std::map<std::string, std::string>& environment)
{
  if (name.find('/') != std::string::npos) return name;
  auto path = environment.find("PATH");
  std::string dirs = path != environment.end() ? path->second : "/usr/local/bin:/usr/bin:/bin";
  std::stringstream stream(dirs);
  std::string dir;
  while (std::getline(stream, dir, ':')) {
    std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return name;  // posix_spawn then fails with ENOENT, which names it
}

// Frees posix_spawn's attribute objects however spawnTask leaves.
struct SpawnAttributes {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnAttributes()
  {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnAttributes()
  {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
};

}  // namespace

std::map<std::string, std::string> taskEnvironment(const mesos::v1::CommandInfo& command,
                                                   const std::map<std::string, std::string>& extra)
{
  std::map<std::string, std::string> environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    environment[std::string(text.substr(0, equals))] = std::string(text.substr(equals + 1));
  }
  for (const auto& [name, value] : extra) environment[name] = value;
  for (const auto& variable : command.environment().variables()) {
    // As Mesos 1.5: an unresolved secret is skipped rather than passed on.
    if (variable.type() == mesos::v1::Environment::Variable::SECRET) continue;
    environment[variable.name()] = variable.value();
  }
  return environment;
}

Try<TaskArgv> taskArgv(const mesos::v1::CommandInfo& command,
                       const std::map<std::string, std::string>& environment)
{
  if (!command.has_value() || command.value().empty()) {
    return Error(command.shell() ? "Shell command of the task is not specified"
                                 : "Executable of the task is not specified");
  }
  TaskArgv result;
  if (command.shell()) {
    result.executable = "/bin/sh";
    result.argv = {"sh", "-c", command.value()};
    return result;
  }
  result.executable = resolveExecutable(command.value(), environment);
  result.argv.assign(command.arguments().begin(), command.arguments().end());
  if (result.argv.empty()) result.argv.push_back(command.value());
  return result;
}

Try<pid_t> spawnTask(const TaskLaunch& launch)
{
  std::map<std::string, std::string> environment = taskEnvironment(launch.command, launch.extra);
  Try<TaskArgv> args = taskArgv(launch.command, environment);
  if (!args) return args.error();

  SpawnAttributes spawn;
  if (launch.stdoutPath) {
    posix_spawn_file_actions_addopen(&spawn.actions, STDOUT_FILENO, launch.stdoutPath->c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
  }
  if (launch.stderrPath) {
    posix_spawn_file_actions_addopen(&spawn.actions, STDERR_FILENO, launch.stderrPath->c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
  }
  // The executor's sockets (the agent connection) must not outlive it in a task.
  posix_spawn_file_actions_addclosefrom_np(&spawn.actions, STDERR_FILENO + 1);
  if (!launch.workingDirectory.empty()) {
    posix_spawn_file_actions_addchdir_np(&spawn.actions, launch.workingDirectory.c_str());
  }

  sigset_t empty;
  sigset_t all;
  sigemptyset(&empty);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&spawn.attributes, &empty);
  posix_spawnattr_setsigdefault(&spawn.attributes, &all);
  posix_spawnattr_setflags(&spawn.attributes,
                           POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (auto& arg : args->argv) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> envStrings;
  envStrings.reserve(environment.size());
  for (const auto& [name, value] : environment) envStrings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& entry : envStrings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  int error = ::posix_spawn(&pid, args->executable.c_str(), &spawn.actions, &spawn.attributes,
                            argv.data(), envp.data());
  if (error != 0) {
    return Error("Failed to launch '" + args->executable + "' in '" + launch.workingDirectory +
                 "': " + std::strerror(error));
  }
  return pid;
}

void signalTask(pid_t pid, int signal)
{
  if (pid <= 0) return;
  if (::killpg(pid, signal) != 0) ::kill(pid, signal);
}

}  // namespace nucleus::executor
