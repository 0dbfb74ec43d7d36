#include "proc_usage.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

namespace nucleus::modules::posix {

std::optional<ProcessStat> parseStat(const std::string& text)
{
  // "pid (comm) state ppid pgrp session ..."; comm may hold spaces and ')'.
  size_t open = text.find(" (");
  size_t close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return std::nullopt;

  ProcessStat stat;
  char* end = nullptr;
  stat.pid = static_cast<int>(std::strtol(text.c_str(), &end, 10));
  if (end == text.c_str() || stat.pid <= 0) return std::nullopt;

  std::istringstream rest(text.substr(close + 1));
  std::vector<std::string> fields;  // fields[0] is field 3 (state)
  for (std::string field; rest >> field && fields.size() < 22;) fields.push_back(field);
  if (fields.size() < 22) return std::nullopt;
  auto number = [&](int index) { return std::strtoll(fields[index - 3].c_str(), nullptr, 10); };
  stat.ppid = static_cast<int>(number(4));
  stat.pgrp = static_cast<int>(number(5));
  stat.session = static_cast<int>(number(6));
  stat.utimeTicks = static_cast<std::uint64_t>(number(14));
  stat.stimeTicks = static_cast<std::uint64_t>(number(15));
  stat.rssPages = number(24);
  return stat;
}

std::vector<ProcessStat> readProcesses(const std::string& procRoot)
{
  std::vector<ProcessStat> processes;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(procRoot, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    // A process may exit between listing and reading: skip it.
    std::ifstream file(entry.path() / "stat");
    if (!file) continue;
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (std::optional<ProcessStat> stat = parseStat(text)) processes.push_back(*stat);
  }
  return processes;
}

std::vector<ProcessStat> containerProcesses(const std::vector<ProcessStat>& all, int pid)
{
  std::multimap<int, const ProcessStat*> children;
  for (const ProcessStat& process : all) children.emplace(process.ppid, &process);

  std::set<int> members;
  for (const ProcessStat& process : all) {
    if (process.pid == pid || process.session == pid || process.pgrp == pid) {
      members.insert(process.pid);
    }
  }
  // Descendants that left the session (setsid) still belong to the container.
  std::deque<int> queue(members.begin(), members.end());
  while (!queue.empty()) {
    int parent = queue.front();
    queue.pop_front();
    auto [first, last] = children.equal_range(parent);
    for (auto it = first; it != last; ++it) {
      if (members.insert(it->second->pid).second) queue.push_back(it->second->pid);
    }
  }

  std::vector<ProcessStat> result;
  for (const ProcessStat& process : all) {
    if (members.count(process.pid) != 0) result.push_back(process);
  }
  return result;
}

Try<mesos::v1::ResourceStatistics> usage(int pid, UsageFields fields, const std::string& procRoot)
{
  std::vector<ProcessStat> processes = containerProcesses(readProcesses(procRoot), pid);
  if (processes.empty()) {
    return Error("Failed to get usage: no process of the container (pid " + std::to_string(pid) +
                 ") is left in " + procRoot);
  }

  mesos::v1::ResourceStatistics statistics;
  using namespace std::chrono;
  statistics.set_timestamp(duration<double>(system_clock::now().time_since_epoch()).count());

  if (fields.cpus) {
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    std::uint64_t user = 0;
    std::uint64_t system = 0;
    for (const ProcessStat& process : processes) {
      user += process.utimeTicks;
      system += process.stimeTicks;
    }
    statistics.set_cpus_user_time_secs(static_cast<double>(user) / ticks);
    statistics.set_cpus_system_time_secs(static_cast<double>(system) / ticks);
  }
  if (fields.mem) {
    const std::int64_t page = ::sysconf(_SC_PAGESIZE);
    std::int64_t rss = 0;
    for (const ProcessStat& process : processes) rss += process.rssPages > 0 ? process.rssPages : 0;
    statistics.set_mem_rss_bytes(static_cast<std::uint64_t>(rss * page));
  }
  return statistics;
}

}  // namespace nucleus::modules::posix
