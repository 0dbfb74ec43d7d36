#include "kernel/agent/agent_info.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "kernel/agent/attributes.hpp"
#include "kernel/proto/resources_text.hpp"

namespace nucleus::agent {

namespace {

constexpr uint64_t kMegabyte = 1024 * 1024;
constexpr uint64_t kGigabyte = 1024 * kMegabyte;

// The resource names --resources mentions, including empty ones that parsing drops.
std::set<std::string> namesGiven(const std::string& text)
{
  std::set<std::string> names;
  size_t first = text.find_first_not_of(" \t\n");
  if (first != std::string::npos && text[first] == '[') {
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_array()) {
      for (const auto& item : json) {
        if (item.is_object() && item.contains("name") && item["name"].is_string()) {
          names.insert(item["name"].get<std::string>());
        }
      }
    }
    return names;
  }
  std::stringstream pieces(text);
  std::string piece;
  while (std::getline(pieces, piece, ';')) {
    size_t end = piece.find_first_of("(:");
    std::string name = piece.substr(0, end);
    name.erase(0, name.find_first_not_of(" \t\n"));
    name.erase(name.find_last_not_of(" \t\n") + 1);
    if (!name.empty()) names.insert(name);
  }
  return names;
}

Try<uint64_t> totalMemory()
{
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  uint64_t kilobytes = 0;
  std::string unit;
  while (meminfo >> key >> kilobytes >> unit) {
    if (key == "MemTotal:") return kilobytes * 1024;
  }
  long pages = sysconf(_SC_PHYS_PAGES);
  long pageSize = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || pageSize <= 0) return Error("Failed to read the total memory");
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(pageSize);
}

}  // namespace

Try<MachineResources> detectMachine(const std::filesystem::path& workDir)
{
  MachineResources machine;
  unsigned threads = std::thread::hardware_concurrency();
  machine.cpus = threads > 0 ? threads : 1;

  Try<uint64_t> memory = totalMemory();
  if (!memory) return memory.error();
  machine.memoryBytes = *memory;

  struct statvfs fs {};
  if (::statvfs(workDir.c_str(), &fs) != 0) {
    return Error("Failed to get the size of the filesystem of --work_dir '" + workDir.string() +
                 "': " + std::strerror(errno));
  }
  machine.diskBytes = static_cast<uint64_t>(fs.f_blocks) * fs.f_frsize;
  return machine;
}

Try<google::protobuf::RepeatedPtrField<mesos::v1::Resource>> agentResources(
    const AgentSettings& settings, const MachineResources& machine)
{
  std::string text = settings.resources.value_or("");
  auto parsed = proto::parseResources(text, settings.defaultRole);
  if (!parsed) return Error("Invalid --resources: " + parsed.error().message);
  std::set<std::string> given = namesGiven(text);

  std::string detected;
  auto append = [&](const std::string& piece) {
    if (!detected.empty()) detected += ';';
    detected += piece;
  };
  if (!given.contains("cpus")) append("cpus:" + std::to_string(machine.cpus));
  if (!given.contains("mem")) {
    uint64_t mem = machine.memoryBytes >= 2 * kGigabyte ? machine.memoryBytes - kGigabyte
                                                        : machine.memoryBytes / 2;
    append("mem:" + std::to_string(mem / kMegabyte));
  }
  if (!given.contains("disk")) {
    uint64_t disk = machine.diskBytes >= 10 * kGigabyte ? machine.diskBytes - 5 * kGigabyte
                                                        : machine.diskBytes / 2;
    append("disk:" + std::to_string(disk / kMegabyte));
  }
  if (!given.contains("ports")) append("ports:[31000-32000]");

  auto extra = proto::parseResources(detected, settings.defaultRole);
  if (!extra) return Error("Failed to describe detected resources: " + extra.error().message);
  google::protobuf::RepeatedPtrField<mesos::v1::Resource> all = *parsed;
  all.MergeFrom(*extra);
  return all;
}

std::string agentHostname(const AgentSettings& settings)
{
  if (settings.hostname) return *settings.hostname;
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
}

Try<mesos::v1::AgentInfo> makeAgentInfo(const AgentSettings& settings,
                                        const std::filesystem::path& workDir, uint16_t port)
{
  Try<MachineResources> machine = detectMachine(workDir);
  if (!machine) return machine.error();
  auto resources = agentResources(settings, *machine);
  if (!resources) return resources.error();

  mesos::v1::AgentInfo info;
  info.set_hostname(agentHostname(settings));
  info.set_port(port);
  *info.mutable_resources() = *resources;
  if (settings.attributes) {
    auto attributes = parseAttributes(*settings.attributes);
    if (!attributes) return attributes.error();
    *info.mutable_attributes() = *attributes;
  }
  return info;
}

}  // namespace nucleus::agent
