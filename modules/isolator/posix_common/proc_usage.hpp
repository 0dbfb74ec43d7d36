#pragma once

// Reading a container's resource usage from /proc, as Mesos 1.5's
// mesos::internal::usage() does for the posix isolators: the container's
// processes are its first process, that process' descendants, and every
// process in its session or process group (what setsid() gave the container);
// their utime/stime and rss are summed.
//
// Shared by the posix/cpu and posix/mem isolator modules (compiled into each:
// a module includes no kernel header and links no kernel library).
//
// Thread safety: free functions over the file system; they block (reading
// /proc), so modules call them from Host::blocking.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/try.hpp"

namespace nucleus::modules::posix {

// The fields of /proc/<pid>/stat that usage needs (see proc(5)).
struct ProcessStat {
  int pid = 0;
  int ppid = 0;
  int pgrp = 0;
  int session = 0;
  std::uint64_t utimeTicks = 0;
  std::uint64_t stimeTicks = 0;
  std::int64_t rssPages = 0;
};

// Parses the text of a /proc/<pid>/stat file; nullopt when it is malformed.
std::optional<ProcessStat> parseStat(const std::string& text);

// Every process under `procRoot` (normally "/proc") whose stat could be read.
std::vector<ProcessStat> readProcesses(const std::string& procRoot = "/proc");

// The processes of the container whose first process is `pid`.
std::vector<ProcessStat> containerProcesses(const std::vector<ProcessStat>& all, int pid);

struct UsageFields {
  bool cpus = false;  // cpus_user_time_secs, cpus_system_time_secs
  bool mem = false;   // mem_rss_bytes
};

// The statistics of the container whose first process is `pid`, timestamp
// set; fails when no process of the container is left.
Try<mesos::v1::ResourceStatistics> usage(int pid, UsageFields fields,
                                         const std::string& procRoot = "/proc");

}  // namespace nucleus::modules::posix
