#pragma once

// The flags of `nucleus execute`: those of Mesos 1.5's mesos-execute that apply here, under the
// same names, defaults and rules, so that a mesos-execute command line carries over. Each flag is
// checked on its own when it loads (the master URL's form, the role's name, the resources, the
// JSON of --env, --task and --task_group); checkCombination() then applies mesos-execute's rules
// across flags (one of --command, --task, --task_group, and so on).
//
// Not carried over: --hadoop, --hdfs, --package and --overwrite (HDFS upload), --appc_image,
// --volumes, --effective_capabilities, --bounding_capabilities and --rlimits.
//
// Thread safety: loaded once on main's thread, then read-only.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/common/duration.hpp"
#include "kernel/flags/flag_set.hpp"
#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/try.hpp"

namespace nucleus::app {

// --env: the variables of the command's environment, from a JSON object whose values are strings.
struct EnvironmentVariables {
  std::map<std::string, std::string> variables;
};

}  // namespace nucleus::app

namespace nucleus::flags {

// As Mesos, these JSON flags take the JSON itself, file:///path (see fetch.hpp) or, for
// compatibility, an absolute path (/path/to/task.json) to read it from.
template <>
struct FlagType<app::EnvironmentVariables> {
  static constexpr std::string_view kHint = "JSON";
  static constexpr Fetch kFetch = Fetch::Text;
  static Try<app::EnvironmentVariables> parse(std::string_view text);
  static std::string print(const app::EnvironmentVariables& value);
};

// A TaskInfo without agent_id is accepted (the offer decides the agent) and left without it.
template <>
struct FlagType<mesos::v1::TaskInfo> {
  static constexpr std::string_view kHint = "JSON";
  static constexpr Fetch kFetch = Fetch::Text;
  static Try<mesos::v1::TaskInfo> parse(std::string_view text);
  static std::string print(const mesos::v1::TaskInfo& value);
};

// Likewise for each task of the group.
template <>
struct FlagType<mesos::v1::TaskGroupInfo> {
  static constexpr std::string_view kHint = "JSON";
  static constexpr Fetch kFetch = Fetch::Text;
  static Try<mesos::v1::TaskGroupInfo> parse(std::string_view text);
  static std::string print(const mesos::v1::TaskGroupInfo& value);
};

}  // namespace nucleus::flags

namespace nucleus::app {

struct ExecuteFlags : flags::FlagSet {
  ExecuteFlags();

  std::string master;
  std::optional<std::string> name;
  std::string frameworkName;
  std::optional<std::string> command;
  bool shell = true;
  std::optional<EnvironmentVariables> environment;
  std::string resources;
  std::optional<mesos::v1::TaskInfo> task;
  std::optional<mesos::v1::TaskGroupInfo> taskGroup;
  bool checkpoint = false;
  std::optional<std::string> frameworkCapabilities;
  std::string role;
  std::optional<Duration> killAfter;
  std::optional<std::string> networks;
  std::optional<std::string> principal;
  std::optional<std::string> secret;
  std::string contentType;
  bool partitionAware = true;
  std::optional<std::string> dockerImage;
  std::string containerizer;
  bool dryRun = false;
};

// mesos-execute's rules across flags; the error names the flags and the fix.
Try<Nothing> checkCombination(const ExecuteFlags& flags);

// The names in a comma-separated list, without surrounding spaces or empty entries.
std::vector<std::string> splitList(std::string_view list);

}  // namespace nucleus::app
