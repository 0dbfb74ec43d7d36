// `nucleus execute`: load and check the flags (execute_flags.hpp), build the TaskInfo or
// TaskGroupInfo that mesos-execute would launch, and print it. Launching needs the master's
// scheduler API, which this build does not have yet, so the command then says so and exits 2:
// a script can tell "valid, but nothing launched" (2) from a usage error (1).

#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/app/commands.hpp"
#include "kernel/app/execute_flags.hpp"
#include "kernel/flags/usage_error.hpp"
#include "kernel/proto/json_writer.hpp"
#include "kernel/proto/resources_text.hpp"

namespace nucleus::app {

namespace {

// Exit code when the flags are valid but nothing was launched.
constexpr int kNotLaunched = 2;

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

  const std::string where = "for the master at " + shownMaster(flags.master) + " as role '" +
                            flags.role + "'; agent_id is left unset until an offer names the agent";
  if (flags.taskGroup) {
    // As mesos-execute: the group runs under the default executor, whose container joins
    // --networks.
    std::string networks;
    for (const std::string& network :
         flags.networks ? splitList(*flags.networks) : std::vector<std::string>{}) {
      networks += (networks.empty() ? " on networks " : ",") + network;
    }
    std::printf(
        "nucleus execute: would launch the task group [%s] with the default executor%s %s\n",
        quotedIds(*flags.taskGroup).c_str(), networks.c_str(), where.c_str());
    std::printf("%s\n", proto::toJson(*flags.taskGroup).c_str());
  } else {
    Try<mesos::v1::TaskInfo> task =
        flags.task ? Try<mesos::v1::TaskInfo>(*flags.task) : commandTask(flags);
    if (!task) flags::exitWithUsageError("execute", task.error());
    std::printf("nucleus execute: would launch the task '%s' %s\n", task->task_id().value().c_str(),
                where.c_str());
    std::printf("%s\n", proto::toJson(*task).c_str());
  }
  std::fflush(stdout);

  std::fprintf(stderr,
               "nucleus execute: the flags are valid; launching needs the master's scheduler API, "
               "which this build does not have yet\n");
  return kNotLaunched;
}

}  // namespace nucleus::app
