#include "kernel/agent/status_update_manager.hpp"

#include <algorithm>

#include "kernel/agent/task_status.hpp"
#include "kernel/common/logging.hpp"

namespace nucleus::agent {

namespace {

std::string describe(const mesos::v1::TaskStatus& status)
{
  return mesos::v1::TaskState_Name(status.state()) + " for task " + status.task_id().value();
}

}  // namespace

StatusUpdateManager::StatusUpdateManager(Runtime& runtime, Duration retryInterval,
                                         Duration retryIntervalMax, Forward forward)
    : Actor(runtime, "status-update-manager"),
      retryInterval_(retryInterval),
      retryIntervalMax_(retryIntervalMax),
      forward_(std::move(forward))
{
}

Try<bool> StatusUpdateManager::update(const mesos::v1::FrameworkID& frameworkId,
                                      const mesos::v1::TaskStatus& status)
{
  if (!status.has_uuid()) return Error("Task status update is missing 'uuid'");
  Key key{frameworkId.value(), status.task_id().value()};
  Stream& stream = streams_[key];
  stream.frameworkId = frameworkId;
  if (stream.acknowledged.contains(status.uuid())) {
    log::warning("Ignoring status update {} that was already acknowledged", describe(status));
    return false;
  }
  if (stream.received.contains(status.uuid())) {
    log::warning("Ignoring duplicate status update {}", describe(status));
    return false;
  }
  log::info("Received status update {} of framework {}", describe(status), frameworkId.value());
  stream.received.insert(status.uuid());
  stream.pending.push_back(status);
  // Later updates go out when the one before them is acknowledged.
  if (!paused_ && stream.pending.size() == 1) forward(key, stream, retryInterval_);
  return true;
}

Try<StatusUpdateManager::Acknowledged> StatusUpdateManager::acknowledgement(
    const mesos::v1::FrameworkID& frameworkId, const mesos::v1::TaskID& taskId,
    const std::string& uuid)
{
  Key key{frameworkId.value(), taskId.value()};
  auto found = streams_.find(key);
  if (found == streams_.end()) {
    return Error("Cannot find the status update stream for task " + taskId.value() +
                 " of framework " + frameworkId.value());
  }
  Stream& stream = found->second;
  if (stream.acknowledged.contains(uuid)) return Error("Duplicate status update acknowledgement");
  if (stream.pending.empty() || stream.pending.front().uuid() != uuid) {
    return Error("Unexpected status update acknowledgement for task " + taskId.value() +
                 " of framework " + frameworkId.value());
  }

  Acknowledged result;
  result.status = stream.pending.front();
  stream.pending.pop_front();
  stream.acknowledged.insert(uuid);
  stream.timer.cancel();
  log::info("Status update {} of framework {} acknowledged", describe(result.status),
            frameworkId.value());

  if (isTerminalState(result.status.state())) {
    if (!stream.pending.empty()) {
      log::warning("Acknowledged the terminal update {} but {} updates are still pending",
                   describe(result.status), stream.pending.size());
    }
    result.terminated = true;
    streams_.erase(found);
    return result;
  }
  if (!paused_ && !stream.pending.empty()) forward(key, stream, retryInterval_);
  return result;
}

void StatusUpdateManager::pause()
{
  log::info("Pausing status updates");
  paused_ = true;
  for (auto& [key, stream] : streams_) stream.timer.cancel();
}

void StatusUpdateManager::resume()
{
  log::info("Resuming status updates");
  paused_ = false;
  for (auto& [key, stream] : streams_) {
    if (!stream.pending.empty()) forward(key, stream, retryInterval_);
  }
}

void StatusUpdateManager::cleanup(const mesos::v1::FrameworkID& frameworkId)
{
  for (auto it = streams_.begin(); it != streams_.end();) {
    if (it->first.first == frameworkId.value()) {
      it->second.timer.cancel();
      it = streams_.erase(it);
    } else {
      ++it;
    }
  }
}

size_t StatusUpdateManager::pendingCount() const
{
  size_t count = 0;
  for (const auto& [key, stream] : streams_) count += stream.pending.size();
  return count;
}

void StatusUpdateManager::forward(const Key& key, Stream& stream, Duration interval)
{
  const mesos::v1::TaskStatus& status = stream.pending.front();
  nucleus::internal::AgentCall::StatusUpdate call;
  *call.mutable_framework_id() = stream.frameworkId;
  *call.mutable_status() = status;
  forward_(call);
  stream.timer.cancel();
  stream.timer = delay(interval.chrono(), [this, key, uuid = status.uuid(), interval] {
    onTimeout(key, uuid, interval);
  });
}

void StatusUpdateManager::onTimeout(const Key& key, const std::string& uuid, Duration interval)
{
  if (paused_) return;
  auto found = streams_.find(key);
  if (found == streams_.end()) return;
  Stream& stream = found->second;
  if (stream.pending.empty() || stream.pending.front().uuid() != uuid) return;
  log::warning("Resending status update {}", describe(stream.pending.front()));
  // Bounded exponential backoff, as Mesos.
  forward(key, stream, std::min(interval * 2, retryIntervalMax_));
}

}  // namespace nucleus::agent
