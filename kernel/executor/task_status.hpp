#pragma once

// Helpers shared by the command and the default executor: building task
// status updates, describing a wait(2) status the way Mesos does, choosing a
// kill grace period.
//
// Thread safety: pure functions (randomUuid() uses a thread-local generator).

#include <optional>
#include <string>

#include "kernel/common/duration.hpp"
#include "mesos/v1/mesos.pb.h"

namespace nucleus::executor {

// As Mesos 1.5: the grace period when neither the KILL event nor the task's
// KillPolicy names one.
inline constexpr Duration kDefaultKillGracePeriod = Duration::seconds(3);

// 16 random bytes (a version 4 UUID), the `uuid` of a status update.
std::string randomUuid();

// Seconds since the epoch, as TaskStatus.timestamp.
double nowSeconds();

bool isTerminalState(mesos::v1::TaskState state);

// A status for `taskId` without uuid/timestamp/source (the client stamps those).
mesos::v1::TaskStatus makeTaskStatus(const mesos::v1::TaskID& taskId, mesos::v1::TaskState state,
                                     std::optional<std::string> message = std::nullopt);

// As Mesos' WSTRINGIFY: "exited with status 3", "terminated with signal Killed",
// "terminated with signal Segmentation fault (core dumped)".
std::string describeWaitStatus(int status);

// The KILL event's kill policy wins over the task's; else kDefaultKillGracePeriod.
Duration killGracePeriod(const mesos::v1::KillPolicy* fromKill, const mesos::v1::TaskInfo& task);

bool hasTaskKillingState(const mesos::v1::FrameworkInfo& framework);

}  // namespace nucleus::executor
