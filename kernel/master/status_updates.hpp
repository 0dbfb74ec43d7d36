#pragma once

// Task status helpers, as Mesos' protobuf::createStatusUpdate and
// protobuf::isTerminalState: statuses the master makes up itself (TASK_ERROR
// for an invalid task, TASK_LOST for an unreachable agent, reconciliation)
// come from SOURCE_MASTER, carry a timestamp and no uuid, so schedulers do not
// acknowledge them (as Mesos, which sends master updates without an ack pid).
//
// Thread safety: pure functions.

#include <optional>
#include <string>

#include "mesos/v1/mesos.pb.h"

namespace nucleus::master {

struct MasterStatus {
  mesos::v1::TaskID taskId;
  mesos::v1::TaskState state = mesos::v1::TASK_LOST;
  std::string message;
  std::optional<mesos::v1::TaskStatus::Reason> reason;
  std::optional<mesos::v1::AgentID> agentId;
  std::optional<mesos::v1::ExecutorID> executorId;
  std::optional<double> unreachableTime;  // seconds since the epoch
};

mesos::v1::TaskStatus masterStatus(const MasterStatus& status);

bool isTerminalState(mesos::v1::TaskState state);

double nowSeconds();

}  // namespace nucleus::master
