#include "kernel/agent/executor_launch.hpp"

#include <cstdlib>

#include "kernel/proto/resources_text.hpp"
#include "nucleus/module/resources.hpp"

namespace nucleus::agent {

namespace {

std::string commandDescription(const mesos::v1::CommandInfo& command)
{
  if (command.shell()) {
    if (!command.has_value()) return "(Command: NO COMMAND)";
    const std::string& value = command.value();
    return "(Command: sh -c '" + (value.size() > 15 ? value.substr(0, 12) + "..." : value) + "')";
  }
  if (!command.has_value()) return "(Command: NO EXECUTABLE)";
  std::string args = command.value() + ", ";
  for (int i = 0; i < command.arguments_size(); ++i) {
    if (i > 0) args += ", ";
    args += command.arguments(i);
  }
  if (args.size() > 15) return "(Command: [" + args.substr(0, 12) + "...])";
  return "(Command: [" + args + "])";
}

}  // namespace

mesos::v1::ExecutorInfo commandExecutorInfo(const mesos::v1::FrameworkInfo& framework,
                                            const mesos::v1::TaskInfo& task)
{
  mesos::v1::ExecutorInfo executor;
  executor.set_type(mesos::v1::ExecutorInfo::CUSTOM);
  executor.mutable_executor_id()->set_value(task.task_id().value());
  *executor.mutable_framework_id() = framework.id();
  if (task.has_container()) *executor.mutable_container() = task.container();
  executor.set_name("Command Executor (Task: " + task.task_id().value() + ") " +
                    commandDescription(task.command()));
  // Deprecated in the proto, but Mesos 1.5 still sets it and clients read it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  executor.set_source(task.task_id().value());
#pragma GCC diagnostic pop

  auto* command = executor.mutable_command();
  command->mutable_uris()->MergeFrom(task.command().uris());
  if (task.command().has_environment()) {
    command->mutable_environment()->MergeFrom(task.command().environment());
  }
  if (task.command().has_user()) command->set_user(task.command().user());
  if (task.has_labels()) *executor.mutable_labels() = task.labels();
  if (task.has_discovery()) *executor.mutable_discovery() = task.discovery();

  // As Mesos: the kill policy's grace period plus a little, so the container
  // is not destroyed before TASK_KILLED is sent.
  if (task.has_kill_policy() && task.kill_policy().has_grace_period()) {
    int64_t nanos = task.kill_policy().grace_period().nanoseconds() + 2 * Duration::kSecond;
    executor.mutable_shutdown_grace_period()->set_nanoseconds(nanos);
  }

  // Mesos' allowance for the command executor: a small overcommit.
  Resources overhead(*proto::parseResources("cpus:0.1;mem:32"));
  for (const auto& resource : task.resources()) {
    if (resource.has_allocation_info()) {
      overhead.allocate(resource.allocation_info().role());
      break;
    }
  }
  *executor.mutable_resources() = overhead.toProto();
  return executor;
}

Try<std::vector<std::string>> executorArgv(const mesos::v1::ExecutorInfo& executor,
                                           bool commandExecutor, const std::string& nucleusBinary)
{
  if (commandExecutor) return std::vector<std::string>{nucleusBinary, "executor", "command"};
  if (executor.type() == mesos::v1::ExecutorInfo::DEFAULT) {
    return std::vector<std::string>{nucleusBinary, "executor", "default"};
  }
  const mesos::v1::CommandInfo& command = executor.command();
  if (!command.has_value() || command.value().empty()) {
    return Error("Executor '" + executor.executor_id().value() +
                 "' has no command to run: set ExecutorInfo.command.value");
  }
  if (!command.has_shell() || command.shell()) {
    return std::vector<std::string>{"/bin/sh", "-c", command.value()};
  }
  // As Mesos: `arguments` is the whole argv (argv[0] included) when given.
  std::vector<std::string> argv(command.arguments().begin(), command.arguments().end());
  if (argv.empty()) argv.push_back(command.value());
  return argv;
}

std::map<std::string, std::string> executorEnvironment(const mesos::v1::ExecutorInfo& executor,
                                                       const ExecutorEnvironment& settings)
{
  std::map<std::string, std::string> environment;
  for (const char* name : {"PATH", "HOME", "LIBPROCESS_IP"}) {
    if (const char* value = std::getenv(name)) environment[name] = value;
  }
  if (!environment.contains("PATH")) {
    environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  }

  environment["LIBPROCESS_PORT"] = "0";
  environment["MESOS_FRAMEWORK_ID"] = executor.framework_id().value();
  environment["MESOS_EXECUTOR_ID"] = executor.executor_id().value();
  environment["MESOS_DIRECTORY"] = settings.sandbox.string();
  environment["MESOS_SANDBOX"] = settings.sandbox.string();
  environment["MESOS_SLAVE_ID"] = settings.agentId;
  environment["MESOS_AGENT_ID"] = settings.agentId;
  environment["MESOS_SLAVE_PID"] = "slave(1)@" + settings.agentEndpoint;
  environment["MESOS_AGENT_ENDPOINT"] = settings.agentEndpoint;
  environment["MESOS_CHECKPOINT"] = settings.checkpoint ? "1" : "0";
  environment["MESOS_HTTP_COMMAND_EXECUTOR"] = "1";

  Duration grace = settings.shutdownGracePeriod;
  if (executor.has_shutdown_grace_period()) {
    grace = Duration::nanoseconds(executor.shutdown_grace_period().nanoseconds());
  }
  environment["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"] = grace.toString();
  environment["MESOS_RECOVERY_TIMEOUT"] = settings.recoveryTimeout.toString();
  environment["MESOS_SUBSCRIPTION_BACKOFF_MAX"] = settings.subscriptionBackoffMax.toString();

  for (const auto& variable : executor.command().environment().variables()) {
    if (variable.type() == mesos::v1::Environment::Variable::SECRET) continue;
    environment[variable.name()] = variable.value();
  }
  return environment;
}

std::string selfBinary()
{
  std::error_code ec;
  std::filesystem::path path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("nucleus") : path.string();
}

}  // namespace nucleus::agent
