#pragma once

// Shared by the launch benchmarks: a framework that launches N command tasks
// as fast as offers allow and measures, per task, the time from the ACCEPT
// that launched it to the TASK_RUNNING the scheduler sees.
//
// Thread safety: run() blocks the calling thread; events arrive on io threads
// and are handled under one mutex.

#include <chrono>
#include <string>

#include "kernel/scheduler/codec.hpp"

namespace nucleus::bench {

struct LaunchOptions {
  std::string masterHost = "127.0.0.1";
  int masterPort = 5050;
  int tasks = 2000;
  std::string command = "sleep 30";
  double taskCpus = 0.01;
  double taskMem = 4;
  scheduler::Encoding encoding = scheduler::Encoding::Protobuf;
  std::chrono::seconds timeout = std::chrono::seconds(600);
};

struct LaunchResult {
  int launched = 0;
  int running = 0;
  double seconds = 0;       // first ACCEPT to last TASK_RUNNING
  double p50LatencyMs = 0;  // ACCEPT -> TASK_RUNNING of one task
  double p99LatencyMs = 0;
  std::string error;        // set when the run did not complete
};

LaunchResult runLaunches(const LaunchOptions& options);

// Prints "name: value" lines for a result.
void printLaunchResult(const std::string& title, const LaunchResult& result);

}  // namespace nucleus::bench
