// `nucleus execute`: load and check the flags (execute_flags.hpp), build the FrameworkInfo and
// the TaskInfo or TaskGroupInfo that mesos-execute would launch, and run them through the
// master's scheduler API (execute_scheduler.hpp). Exit codes: 0 when every task finished, 1
// when one did not or the master could not be reached, and 1 (with usage) for bad flags.

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/app/commands.hpp"
#include "kernel/app/execute_flags.hpp"
#include "kernel/app/execute_scheduler.hpp"
#include "kernel/flags/usage_error.hpp"
#include "kernel/proto/json_writer.hpp"
#include "kernel/proto/legacy_fields.hpp"
#include "kernel/proto/resources_text.hpp"

namespace nucleus::app {

namespace {

constexpr std::string_view kUsage =
    "Usage: nucleus execute --master=HOST:PORT --name=NAME --command=CMD [--flags...]\n"
    "       nucleus execute --master=HOST:PORT (--task=JSON | --task_group=JSON) [--flags...]";

// As mesos-execute, only the command line counts, plus our own NUCLEUS_* variables. MESOS_*
// ones are left out on purpose: on an agent's host MESOS_RESOURCES and MESOS_MASTER describe
// the agent, not the task to run.
flags::Environment nucleusEnvironment()
{
  flags::Environment environment;
  for (const auto& [key, value] : flags::processEnvironment()) {
    if (key.starts_with("NUCLEUS_")) environment.emplace(key, value);
  }
  return environment;
}

std::vector<std::string> words(const std::string& text)
{
  std::vector<std::string> result;
  std::istringstream stream(text);
  for (std::string word; stream >> word;) result.push_back(word);
  return result;
}

// As mesos-execute: with the mesos containerizer a container only when an image or networks
// are asked for; with docker always (checkCombination made sure there is an image).
std::optional<mesos::v1::ContainerInfo> commandContainer(const ExecuteFlags& flags)
{
  using mesos::v1::ContainerInfo;
  const std::vector<std::string> networks =
      flags.networks ? splitList(*flags.networks) : std::vector<std::string>{};
  ContainerInfo container;
  if (flags.containerizer == "docker") {
    container.set_type(ContainerInfo::DOCKER);
    container.mutable_docker()->set_image(*flags.dockerImage);
    if (!networks.empty()) {
      container.mutable_docker()->set_network(ContainerInfo::DockerInfo::USER);
      container.add_network_infos()->set_name(networks.front());
    }
    return container;
  }

  if (!flags.dockerImage && networks.empty()) return std::nullopt;
  container.set_type(ContainerInfo::MESOS);
  if (flags.dockerImage) {
    mesos::v1::Image* image = container.mutable_mesos()->mutable_image();
    image->set_type(mesos::v1::Image::DOCKER);
    image->mutable_docker()->set_name(*flags.dockerImage);
  }
  for (const std::string& network : networks) container.add_network_infos()->set_name(network);
  return container;
}

// The task mesos-execute builds from --name, --command, --shell, --env, --resources and the
// container flags. agent_id stays unset: it comes from the offer the task is launched on.
Try<mesos::v1::TaskInfo> commandTask(const ExecuteFlags& flags)
{
  mesos::v1::TaskInfo task;
  task.set_name(*flags.name);
  task.mutable_task_id()->set_value(*flags.name);

  auto resources = proto::parseResources(flags.resources);
  if (!resources) return Error("invalid --resources: " + resources.error().message);
  *task.mutable_resources() = std::move(*resources);

  mesos::v1::CommandInfo* command = task.mutable_command();
  command->set_shell(flags.shell);
  if (flags.shell) {
    command->set_value(*flags.command);
  } else {
    // Mesos' form of a command without a shell: the program, then argv (argv[0] included).
    const std::vector<std::string> argv = words(*flags.command);
    command->set_value(argv.front());
    for (const std::string& word : argv) command->add_arguments(word);
  }
  if (flags.environment) {
    for (const auto& [name, value] : flags.environment->variables) {
      mesos::v1::Environment::Variable* variable = command->mutable_environment()->add_variables();
      variable->set_name(name);
      variable->set_value(value);
    }
  }

  if (std::optional<mesos::v1::ContainerInfo> container = commandContainer(flags)) {
    *task.mutable_container() = std::move(*container);
  }
  return task;
}

// The master as it may be shown: a ZooKeeper URL's user:password is hidden.
std::string shownMaster(const std::string& master)
{
  if (!master.starts_with("zk://")) return master;
  const size_t slash = master.find('/', 5);
  const size_t at = master.rfind('@', slash);
  if (at == std::string::npos || at < 5) return master;
  return "zk://*****" + master.substr(at);
}

std::string quotedIds(const mesos::v1::TaskGroupInfo& group)
{
  std::string ids;
  for (const mesos::v1::TaskInfo& task : group.tasks()) {
    ids += (ids.empty() ? "'" : ", '") + task.task_id().value() + "'";
  }
  return ids;
}

// --dry_run: what would be launched, as one line of prose and one of Mesos JSON.
void printPlan(const ExecuteFlags& flags, const ExecutePlan& plan)
{
  const std::string where = "for the master at " + shownMaster(flags.master) + " as role '" +
                            flags.role + "'; agent_id is left unset until an offer names the agent";
  if (plan.taskGroup) {
    std::string networks;
    for (const std::string& network :
         flags.networks ? splitList(*flags.networks) : std::vector<std::string>{}) {
      networks += (networks.empty() ? " on networks " : ",") + network;
    }
    std::printf("nucleus execute: would launch the task group [%s] with the default executor%s %s\n",
                quotedIds(*plan.taskGroup).c_str(), networks.c_str(), where.c_str());
    std::printf("%s\n", proto::toJson(*plan.taskGroup).c_str());
  } else {
    std::printf("nucleus execute: would launch the task '%s' %s\n",
                plan.task->task_id().value().c_str(), where.c_str());
    std::printf("%s\n", proto::toJson(*plan.task).c_str());
  }
}

// The user the framework runs tasks as: this process' user, as mesos-execute.
std::string currentUser()
{
  if (const passwd* entry = ::getpwuid(::geteuid())) return entry->pw_name;
  return "root";
}

mesos::v1::FrameworkInfo frameworkInfo(const ExecuteFlags& flags)
{
  using Capability = mesos::v1::FrameworkInfo::Capability;
  mesos::v1::FrameworkInfo framework;
  framework.set_user(currentUser());
  framework.set_name(flags.frameworkName);
  proto::setFrameworkRole(&framework, flags.role);
  framework.set_checkpoint(flags.checkpoint);
  if (flags.principal) framework.set_principal(*flags.principal);
  // As mesos-execute: these are always on; PARTITION_AWARE follows its flag.
  framework.add_capabilities()->set_type(Capability::RESERVATION_REFINEMENT);
  framework.add_capabilities()->set_type(Capability::TASK_KILLING_STATE);
  if (flags.partitionAware) framework.add_capabilities()->set_type(Capability::PARTITION_AWARE);
  if (flags.frameworkCapabilities) {
    for (const std::string& name : splitList(*flags.frameworkCapabilities)) {
      Capability::Type type;
      if (Capability::Type_Parse(name, &type)) framework.add_capabilities()->set_type(type);
    }
  }
  return framework;
}

// As mesos-execute: a task group runs under the default executor with these resources.
mesos::v1::ExecutorInfo defaultExecutor(const ExecuteFlags& flags)
{
  mesos::v1::ExecutorInfo executor;
  executor.set_type(mesos::v1::ExecutorInfo::DEFAULT);
  executor.mutable_executor_id()->set_value("default-executor");
  auto resources = proto::parseResources("cpus:0.1;mem:32;disk:32");
  if (resources) *executor.mutable_resources() = std::move(*resources);
  const std::vector<std::string> networks =
      flags.networks ? splitList(*flags.networks) : std::vector<std::string>{};
  if (!networks.empty()) {
    executor.mutable_container()->set_type(mesos::v1::ContainerInfo::MESOS);
    for (const std::string& network : networks) {
      executor.mutable_container()->add_network_infos()->set_name(network);
    }
  }
  return executor;
}

}  // namespace

int runExecute(const Args& args)
{
  ExecuteFlags flags;
  Try<Nothing> loaded = flags.load(args, nucleusEnvironment());
  if (flags.helpRequested()) {
    std::printf("%s", flags.help(kUsage).c_str());
    return 0;
  }
  if (loaded) loaded = checkCombination(flags);
  if (!loaded) flags::exitWithUsageError("execute", loaded.error());
  for (const std::string& warning : flags.warnings()) {
    std::fprintf(stderr, "nucleus execute: %s\n", warning.c_str());
  }
  ExecutePlan plan;
  plan.master = flags.master;
  plan.encoding = *scheduler::parseEncoding(flags.contentType);  // validated by the flag
  plan.framework = frameworkInfo(flags);
  plan.killAfter = flags.killAfter;
  if (flags.taskGroup) {
    plan.taskGroup = *flags.taskGroup;
    plan.groupExecutor = defaultExecutor(flags);
  } else {
    Try<mesos::v1::TaskInfo> task =
        flags.task ? Try<mesos::v1::TaskInfo>(*flags.task) : commandTask(flags);
    if (!task) flags::exitWithUsageError("execute", task.error());
    plan.task = std::move(*task);
  }

  if (flags.dryRun) {
    printPlan(flags, plan);
    return 0;
  }
  if (flags.master.starts_with("zk://")) {
    flags::exitWithUsageError(
        "execute", Error("--master=" + shownMaster(flags.master) +
                         ": finding the leading master through ZooKeeper is not available in "
                         "this build; give the leader's address, e.g. --master=10.0.0.1:5050"));
  }

  Runtime runtime;
  runtime.start();
  const int code = runExecutePlan(runtime, plan);
  std::fflush(stdout);
  return code;
}

}  // namespace nucleus::app
