#pragma once

// The framework `nucleus execute` runs: it subscribes to the master, launches
// one task (or one task group) on the first offer that fits, declines the rest,
// prints every status update as mesos-execute does and acknowledges it, kills
// the task after --kill_after once it runs, and finishes when every task reached
// a terminal state.
//
// Thread safety: run() blocks main's thread; events are handled on the
// client's io thread under one mutex (this is a tiny single-purpose client,
// not a kernel actor).

#include <optional>
#include <string>

#include "kernel/common/duration.hpp"
#include "kernel/runtime/runtime.hpp"
#include "kernel/scheduler/codec.hpp"
#include "mesos/v1/mesos.pb.h"

namespace nucleus::app {

struct ExecutePlan {
  std::string master;  // "host:port" or "http(s)://host:port"
  scheduler::Encoding encoding = scheduler::Encoding::Json;
  mesos::v1::FrameworkInfo framework;
  std::optional<mesos::v1::TaskInfo> task;        // one of these two
  std::optional<mesos::v1::TaskGroupInfo> taskGroup;
  std::optional<mesos::v1::ExecutorInfo> groupExecutor;  // the default executor for taskGroup
  std::optional<Duration> killAfter;
};

// Runs the plan; returns the process exit code: 0 when every task finished
// (TASK_FINISHED), 1 otherwise (failed, killed, lost, refused, or the master
// could not be reached).
int runExecutePlan(Runtime& runtime, const ExecutePlan& plan);

}  // namespace nucleus::app
