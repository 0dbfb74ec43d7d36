// The /proc reading shared by the posix isolators, on stat lines and a fake /proc.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>

#include "modules/isolator/posix_common/proc_usage.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::modules::posix;

namespace {

// A /proc/<pid>/stat line with the fields usage reads.
std::string statLine(int pid, const std::string& comm, int ppid, int pgrp, int session, int utime,
                     int stime, int rss)
{
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
  // utime stime cutime cstime priority nice threads itrealvalue starttime vsize rss ...
  return std::to_string(pid) + " (" + comm + ") S " + std::to_string(ppid) + " " +
         std::to_string(pgrp) + " " + std::to_string(session) + " 0 -1 4194560 1 2 3 4 " +
         std::to_string(utime) + " " + std::to_string(stime) + " 7 8 20 0 1 0 100 2000000 " +
         std::to_string(rss) + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
}

}  // namespace

TEST_CASE("parseStat reads pid, parents, group, session, times and rss")
{
  for (const char* comm : {"sh", "my prog", "a) b (c", ")"}) {
    CAPTURE(comm);
    auto stat = parseStat(statLine(42, comm, 1, 40, 30, 150, 25, 300));
    REQUIRE(stat.has_value());
    CHECK(stat->pid == 42);
    CHECK(stat->ppid == 1);
    CHECK(stat->pgrp == 40);
    CHECK(stat->session == 30);
    CHECK(stat->utimeTicks == 150);
    CHECK(stat->stimeTicks == 25);
    CHECK(stat->rssPages == 300);
  }
  for (const char* broken : {"", "42", "42 (sh) S 1 2", "x (sh) S 1 2 3 4 5 6 7 8 9 10 11 12"}) {
    CAPTURE(broken);
    CHECK_FALSE(parseStat(broken).has_value());
  }
}

TEST_CASE("a container is its first process, its session, its group and their descendants")
{
  testing::TempDir proc;
  // 100 leads the container's session; 101 is in it; 102 moved to its own session
  // but descends from 101; 103 is in 100's group only; 200 is someone else's.
  proc.write("100/stat", statLine(100, "sh", 1, 100, 100, 100, 10, 10));
  proc.write("101/stat", statLine(101, "sleep", 100, 101, 100, 20, 20, 20));
  proc.write("102/stat", statLine(102, "daemon", 101, 102, 102, 30, 30, 30));
  proc.write("103/stat", statLine(103, "x", 1, 100, 1, 40, 40, 40));
  proc.write("200/stat", statLine(200, "other", 1, 200, 200, 1000, 1000, 1000));
  proc.write("self/stat", "not a pid directory");

  std::vector<int> pids;
  for (const ProcessStat& p : containerProcesses(readProcesses(proc.path().string()), 100)) {
    pids.push_back(p.pid);
  }
  std::sort(pids.begin(), pids.end());
  CHECK(pids == std::vector<int>{100, 101, 102, 103});

  auto statistics = usage(100, {.cpus = true, .mem = true}, proc.path().string());
  REQUIRE_MESSAGE(statistics.has_value(), statistics.message());
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  CHECK(statistics->cpus_user_time_secs() == doctest::Approx(190 / tick));
  CHECK(statistics->cpus_system_time_secs() == doctest::Approx(100 / tick));
  CHECK(statistics->mem_rss_bytes() == 100u * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE)));
  CHECK(statistics->timestamp() > 0);

  auto cpusOnly = usage(100, {.cpus = true}, proc.path().string());
  REQUIRE(cpusOnly.has_value());
  CHECK_FALSE(cpusOnly->has_mem_rss_bytes());

  auto gone = usage(555, {.cpus = true}, proc.path().string());
  REQUIRE_FALSE(gone.has_value());
  CHECK(gone.error().message ==
        "Failed to get usage: no process of the container (pid 555) is "
        "left in " +
            proc.path().string());
}
