// ExecuteFlags: the flags of `nucleus execute`, their parsers and checks, and mesos-execute's
// rules across them.

#include "kernel/app/execute_flags.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "kernel/flags/validators.hpp"
#include "kernel/proto/json_parser.hpp"
#include "kernel/proto/json_writer.hpp"
#include "kernel/proto/resources_text.hpp"

namespace nucleus::flags {

namespace {

using nlohmann::json;

// As Mesos' JSON flags: an absolute path stands for the file's content. (file:///path is read
// before parsing, by the flags library.)
Try<std::string> readIfPath(std::string_view text)
{
  if (!text.starts_with('/')) return std::string(text);
  const std::string path(text);
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Error("cannot read '" + path + "': " + std::strerror(errno) +
                 "; give the JSON itself, file:///path or an absolute path to a JSON file");
  }
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

Try<json> parseJsonObject(std::string_view text, std::string_view what)
{
  Try<std::string> content = readIfPath(text);
  if (!content) return content.error();
  json document;
  try {
    document = json::parse(*content);
  } catch (const json::exception& e) {
    return Error("not valid JSON (" + std::string(e.what()) + "); give " + std::string(what));
  }
  if (!document.is_object()) return Error("not a JSON object; give " + std::string(what));
  return document;
}

// mesos-execute fills agent_id from the offer, so a task may leave it out; the parser would
// refuse a missing required field, so an empty one stands in until the task is parsed.
void allowMissingAgentId(json& task)
{
  if (task.is_object() && !task.contains("agent_id") && !task.contains("agentId")) {
    task["agent_id"] = json{{"value", ""}};
  }
}

}  // namespace

Try<app::EnvironmentVariables> FlagType<app::EnvironmentVariables>::parse(std::string_view text)
{
  Try<json> object = parseJsonObject(text, R"(an object of strings, e.g. {"LANG":"C.UTF-8"})");
  if (!object) return object.error();

  app::EnvironmentVariables environment;
  for (const auto& [name, value] : object->items()) {
    if (!value.is_string()) {
      return Error("the value of '" + name + "' is not a string; quote it, e.g. \"" + name +
                   "\":\"1\"");
    }
    if (name.empty() || name.find('=') != std::string::npos) {
      return Error("'" + name + "' cannot name an environment variable (it is empty or has '=')");
    }
    environment.variables[name] = value.get<std::string>();
  }
  return environment;
}

std::string FlagType<app::EnvironmentVariables>::print(const app::EnvironmentVariables& value)
{
  return json(value.variables).dump();
}

Try<mesos::v1::TaskInfo> FlagType<mesos::v1::TaskInfo>::parse(std::string_view text)
{
  Try<json> object = parseJsonObject(text, "a TaskInfo as JSON (see --help)");
  if (!object) return object.error();
  allowMissingAgentId(*object);

  mesos::v1::TaskInfo task;
  Try<Nothing> parsed = proto::fromJson(*object, &task);
  if (!parsed) return parsed.error();
  task.clear_agent_id();
  return task;
}

std::string FlagType<mesos::v1::TaskInfo>::print(const mesos::v1::TaskInfo& value)
{
  return proto::toJson(value);
}

Try<mesos::v1::TaskGroupInfo> FlagType<mesos::v1::TaskGroupInfo>::parse(std::string_view text)
{
  Try<json> object = parseJsonObject(text, R"(a TaskGroupInfo as JSON, {"tasks":[...]})");
  if (!object) return object.error();
  if (object->contains("tasks")) {
    json& tasks = (*object)["tasks"];
    if (tasks.is_array()) {
      for (json& task : tasks) allowMissingAgentId(task);
    } else {
      allowMissingAgentId(tasks);  // As Mesos, one task stands for a list of one.
    }
  }

  mesos::v1::TaskGroupInfo group;
  Try<Nothing> parsed = proto::fromJson(*object, &group);
  if (!parsed) return parsed.error();
  for (mesos::v1::TaskInfo& task : *group.mutable_tasks()) task.clear_agent_id();
  return group;
}

std::string FlagType<mesos::v1::TaskGroupInfo>::print(const mesos::v1::TaskGroupInfo& value)
{
  return proto::toJson(value);
}

}  // namespace nucleus::flags

namespace nucleus::app {

namespace {

using Capability = mesos::v1::FrameworkInfo::Capability;

bool isHostChar(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

// host:port, where host is a name, an IPv4 address or a bracketed IPv6 one.
Try<Nothing> validHostPort(std::string_view address, bool portRequired)
{
  const std::string quoted = "'" + std::string(address) + "'";
  std::string_view host = address;
  std::optional<std::string_view> port;
  if (address.starts_with('[')) {
    const size_t close = address.find(']');
    if (close == std::string_view::npos)
      return Error(quoted + " has no ']' after the IPv6 address");
    host = address.substr(1, close - 1);
    const std::string_view rest = address.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return Error(quoted + " has text after ']'");
    if (!rest.empty()) port = rest.substr(1);
    if (host.empty() || host.find_first_not_of("0123456789abcdefABCDEF:.") != host.npos) {
      return Error(quoted + " has no valid IPv6 address inside [...]");
    }
  } else {
    if (const size_t colon = address.rfind(':'); colon != std::string_view::npos) {
      host = address.substr(0, colon);
      port = address.substr(colon + 1);
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), isHostChar)) {
      return Error(quoted + " has no valid host name or address");
    }
  }

  if (!port) {
    if (!portRequired) return Nothing{};
    return Error(quoted + " has no port; write host:port, e.g. " + std::string(address) + ":5050");
  }
  unsigned number = 0;
  const auto [end, error] = std::from_chars(port->data(), port->data() + port->size(), number);
  if (error != std::errc() || end != port->data() + port->size() || number < 1 || number > 65535) {
    return Error(quoted + " has no valid port: it must be from 1 to 65535");
  }
  return Nothing{};
}

// The master as Mesos' scheduler library finds it: host:port (or master@host:port), or a
// ZooKeeper URL of the masters' group; we also take http(s)://host:port.
Try<Nothing> validMaster(const std::string& master)
{
  const std::string_view text = master;
  if (text == "local") {
    return Error(
        "Nucleus has no in-process 'local' cluster; start one with `nucleus dev` and pass "
        "--master=127.0.0.1:5050");
  }
  if (text.starts_with("zk://")) {
    std::string_view rest = text.substr(5);
    const size_t slash = rest.find('/');
    if (slash == std::string_view::npos || rest.substr(slash) == "/") {
      return Error(
          "a ZooKeeper URL needs the group's path after the servers, e.g. "
          "zk://10.0.0.1:2181,10.0.0.2:2181/mesos");
    }
    std::string_view servers = rest.substr(0, slash);
    if (const size_t at = servers.rfind('@'); at != std::string_view::npos) {
      servers = servers.substr(at + 1);  // user:password@ for ZooKeeper's digest scheme
    }
    const std::vector<std::string> hosts = splitList(servers);
    if (hosts.empty()) return Error("a ZooKeeper URL needs servers, e.g. zk://10.0.0.1:2181/mesos");
    for (const std::string& server : hosts) {
      Try<Nothing> valid = validHostPort(server, false);
      if (!valid) return Error("the ZooKeeper server " + valid.error().message);
    }
    return Nothing{};
  }

  std::string_view address = text;
  for (std::string_view prefix : {"http://", "https://", "master@"}) {
    if (address.starts_with(prefix)) address.remove_prefix(prefix.size());
  }
  if (address.ends_with('/') && address.size() < text.size()) address.remove_suffix(1);
  if (address.find("://") != std::string_view::npos ||
      address.find('/') != std::string_view::npos) {
    return Error("write the master as host:port, http(s)://host:port or zk://host:port/path");
  }
  Try<Nothing> valid = validHostPort(address, true);
  if (!valid) return Error("the master " + valid.error().message);
  return Nothing{};
}

// As Mesos' task IDs: they name directories on the agent.
Try<Nothing> validTaskId(const std::string& id)
{
  if (id.empty()) return Error("a task ID cannot be empty");
  if (id.size() > 255) return Error("a task ID cannot be longer than 255 characters");
  if (id == "." || id == "..") return Error("'" + id + "' cannot be a task ID");
  const bool bad = std::any_of(id.begin(), id.end(), [](char c) {
    return std::iscntrl(static_cast<unsigned char>(c)) || c == '/' || c == '\\';
  });
  if (bad) return Error("the task ID '" + id + "' has '/', '\\' or a control character");
  return Nothing{};
}

Try<Nothing> validName(const std::string& name)
{
  Try<Nothing> valid = validTaskId(name);
  if (!valid) return Error(valid.error().message + " (--name is also the task's ID)");
  return Nothing{};
}

Try<Nothing> validTask(const mesos::v1::TaskInfo& task)
{
  return validTaskId(task.task_id().value());
}

Try<Nothing> validTaskGroup(const mesos::v1::TaskGroupInfo& group)
{
  if (group.tasks().empty()) return Error("the group has no tasks; list them under \"tasks\"");
  std::vector<std::string> ids;
  for (const mesos::v1::TaskInfo& task : group.tasks()) {
    Try<Nothing> valid = validTaskId(task.task_id().value());
    if (!valid) return valid;
    if (std::find(ids.begin(), ids.end(), task.task_id().value()) != ids.end()) {
      return Error("the task ID '" + task.task_id().value() + "' is used twice; make each unique");
    }
    ids.push_back(task.task_id().value());
  }
  return Nothing{};
}

Try<Nothing> validResources(const std::string& text)
{
  Try<google::protobuf::RepeatedPtrField<mesos::v1::Resource>> resources =
      proto::parseResources(text);
  if (!resources) return resources.error();
  if (resources->empty()) {
    return Error(
        "a task needs some resources (the master refuses one that uses none); give "
        "e.g. cpus:1;mem:128");
  }
  return Nothing{};
}

Try<Nothing> validCapabilities(const std::string& list)
{
  for (const std::string& name : splitList(list)) {
    Capability::Type type;
    if (!Capability::Type_Parse(name, &type) || type == Capability::UNKNOWN) {
      return Error("unknown capability '" + name + "'; the one that can be given is GPU_RESOURCES");
    }
    if (type != Capability::GPU_RESOURCES) {
      return Error("capability '" + name +
                   "' cannot be given: RESERVATION_REFINEMENT and TASK_KILLING_STATE are always "
                   "on, PARTITION_AWARE follows --[no-]partition_aware, and only GPU_RESOURCES "
                   "may be added");
    }
  }
  return Nothing{};
}

}  // namespace

std::vector<std::string> splitList(std::string_view list)
{
  std::vector<std::string> names;
  std::istringstream stream{std::string(list)};
  for (std::string name; std::getline(stream, name, ',');) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

ExecuteFlags::ExecuteFlags()
{
  add(&ExecuteFlags::master, "master",
      "The master: host:port, http(s)://host:port, or a ZooKeeper URL of the masters' group\n"
      "(zk://host1:2181,host2:2181/mesos).",
      flags::kRequired)
      .validate(validMaster);
  add(&ExecuteFlags::name, "name",
      "Name of the task to run with --command; it is also the task's ID.")
      .validate(validName);
  add(&ExecuteFlags::command, "command",
      "Command to run. With --shell (the default) it runs under /bin/sh -c; with --no-shell "
      "its first word is the program and every word (split at spaces, no quoting) an argument.")
      .validate([](const std::string& command) -> Try<Nothing> {
        if (command.find_first_not_of(" \t\r\n") != std::string::npos) return Nothing{};
        return Error("there is nothing to run; give a command, e.g. --command='echo hello'");
      });
  add(&ExecuteFlags::shell, "shell", "Run --command through the shell.", true);
  add(&ExecuteFlags::environment, "env",
      "Environment of --command: a JSON object of strings, e.g. {\"LANG\":\"C.UTF-8\"}, or\n"
      "file:///path to a file holding one.");
  add(&ExecuteFlags::resources, "resources",
      "Resources of --command, as Mesos writes them (cpus:1;mem:128;ports(role):[31000-31009])\n"
      "or as a JSON array of Resource objects.",
      std::string("cpus:1;mem:128"))
      .validate(validResources);
  add(&ExecuteFlags::task, "task",
      "The task to run, as a JSON mesos.v1.TaskInfo (agent_id may be left out): the JSON itself,\n"
      "file:///path or /path. Example:\n"
      "{\"name\":\"sleeper\",\n"
      "\"task_id\":{\"value\":\"sleeper\"},\n"
      "\"resources\":[{\"name\":\"cpus\",\n"
      "\"type\":\"SCALAR\",\"scalar\":{\"value\":0.1}}],\n"
      "\"command\":{\"value\":\"sleep 1000\"}}")
      .validate(validTask);
  add(&ExecuteFlags::taskGroup, "task_group",
      "Tasks to run together, as a JSON mesos.v1.TaskGroupInfo ({\"tasks\":[TaskInfo...]}):\n"
      "the JSON itself, file:///path or /path.")
      .validate(validTaskGroup);
  add(&ExecuteFlags::frameworkName, "framework_name", "Name of the framework, as the master shows it.",
      std::string("mesos-execute instance"))
      .validate(flags::nonEmpty);
  add(&ExecuteFlags::dryRun, "dry_run",
      "Print the TaskInfo (or TaskGroupInfo) that would be launched, as Mesos JSON, and exit 0\n"
      "without contacting the master (a Nucleus addition).",
      false);
  add(&ExecuteFlags::checkpoint, "checkpoint", "Enable checkpointing for the framework.", false);
  add(&ExecuteFlags::frameworkCapabilities, "framework_capabilities",
      "Comma-separated framework capabilities to add: GPU_RESOURCES. RESERVATION_REFINEMENT\n"
      "and TASK_KILLING_STATE are always on; PARTITION_AWARE follows --[no-]partition_aware.")
      .validate(validCapabilities);
  add(&ExecuteFlags::role, "role", "Role to register the framework with.", std::string("*"))
      .validate([](const std::string& role) { return proto::validateRole(role); });
  add(&ExecuteFlags::killAfter, "kill_after",
      "Kill the task this long after it starts running (e.g. 10secs, 2mins).");
  add(&ExecuteFlags::networks, "networks",
      "Comma-separated networks for --command's container to join, e.g. net1,net2; with "
      "--task_group, the default executor's container joins them.");
  add(&ExecuteFlags::principal, "principal", "Principal to authenticate the framework as.")
      .validate(flags::nonEmpty);
  add(&ExecuteFlags::secret, "secret",
      "Secret of --principal (give it as file:///path to keep it out of `ps`).")
      .secret();
  add(&ExecuteFlags::contentType, "content_type",
      "Encoding of scheduler API messages: json or protobuf.", std::string("protobuf"))
      .validate(flags::oneOf({"json", "protobuf", "application/json", "application/x-protobuf"}));
  add(&ExecuteFlags::partitionAware, "partition_aware",
      "Register as partition-aware (PARTITION_AWARE).", true);
  add(&ExecuteFlags::dockerImage, "docker_image",
      "Docker image of --command's container, e.g. busybox:latest.")
      .validate(flags::nonEmpty);
  add(&ExecuteFlags::containerizer, "containerizer",
      "Containerizer for --command: mesos or docker (docker needs --docker_image).",
      std::string("mesos"))
      .validate(flags::oneOf({"mesos", "docker"}));
}

Try<Nothing> checkCombination(const ExecuteFlags& flags)
{
  if (flags.task && flags.taskGroup) {
    return Error("Either --task or --task_group should be set, not both; give one of them");
  }
  if (!flags.command && !flags.task && !flags.taskGroup) {
    return Error(
        "Either --command or --task or --task_group should be set; run a command with "
        "--name=NAME --command=CMD, or describe the task as JSON with --task or --task_group");
  }

  if (flags.task || flags.taskGroup) {
    const char* const given = flags.task ? "--task" : "--task_group";
    for (const char* name :
         {"command", "name", "env", "resources", "docker_image", "containerizer"}) {
      if (flags.isSet(name)) {
        return Error("--" + std::string(name) + " cannot be set with " + given +
                     " (it is for the task built from --command); put it in the JSON of " + given +
                     " instead");
      }
    }
  } else if (!flags.name) {
    return Error(
        "Missing required option --name: --command needs it (it names the task and is "
        "its ID); pass --name=NAME");
  }
  if (flags.task && flags.networks) {
    return Error(
        "--networks cannot be set with --task; list the networks in the TaskInfo's "
        "container.network_infos instead");
  }

  const size_t networkCount = flags.networks ? splitList(*flags.networks).size() : 0;
  if (flags.command && flags.containerizer == "docker") {
    if (!flags.dockerImage) {
      return Error("--containerizer=docker needs an image; pass --docker_image=IMAGE");
    }
    if (networkCount > 1) {
      return Error("--containerizer=docker can join only one network, and --networks names " +
                   std::to_string(networkCount) + "; give one");
    }
  }
  if (flags.secret && !flags.principal) {
    return Error("--secret is set without --principal; pass --principal=NAME as well");
  }
  return Nothing{};
}

}  // namespace nucleus::app
