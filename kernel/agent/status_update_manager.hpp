#pragma once

// The status update manager, as Mesos 1.5's TaskStatusUpdateManager: for each
// task a stream of status updates that reach the master one at a time, in
// order. The first pending update of a stream is forwarded and re-forwarded
// with bounded exponential backoff (retryInterval doubling up to
// retryIntervalMax; Mesos: 10secs to 10mins) until the master acknowledges its
// uuid; then the next one goes. Once the terminal update of a stream is
// acknowledged the stream is gone.
//
// While the agent has no master (pause()) nothing is forwarded; resume()
// forwards every stream's pending update again.
//
// Not checkpointed yet: the streams live as long as the agent process.
//
// Thread safety: an actor; use dispatch()/send(). `forward` is called on the
// manager's strand and must not block (post to the agent).

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "kernel/common/duration.hpp"
#include "kernel/runtime/actor.hpp"
#include "mesos/v1/mesos.pb.h"
#include "nucleus/internal/agent_protocol.pb.h"

namespace nucleus::agent {

class StatusUpdateManager : public Actor {
 public:
  using Forward = std::function<void(const nucleus::internal::AgentCall::StatusUpdate&)>;

  StatusUpdateManager(Runtime& runtime, Duration retryInterval, Duration retryIntervalMax,
                      Forward forward);

  // Takes an update (status.uuid set) into its task's stream. Returns true when
  // it was new, false for a duplicate (already received or acknowledged); an
  // error when it has no uuid.
  Try<bool> update(const mesos::v1::FrameworkID& frameworkId, const mesos::v1::TaskStatus& status);

  struct Acknowledged {
    mesos::v1::TaskStatus status;  // the update that was acknowledged
    bool terminated = false;       // it was the stream's terminal update: the stream is gone
  };

  // The master acknowledged `uuid` (raw bytes). An error for an unknown stream
  // or a uuid that is not the stream's pending update (a duplicate
  // acknowledgement of a retried update).
  Try<Acknowledged> acknowledgement(const mesos::v1::FrameworkID& frameworkId,
                                    const mesos::v1::TaskID& taskId, const std::string& uuid);

  void pause();
  void resume();

  // Drops every stream of the framework (it was shut down).
  void cleanup(const mesos::v1::FrameworkID& frameworkId);

  // How many updates wait for an acknowledgement (all streams).
  size_t pendingCount() const;

 private:
  using Key = std::pair<std::string, std::string>;  // framework id, task id

  struct Stream {
    mesos::v1::FrameworkID frameworkId;
    std::deque<mesos::v1::TaskStatus> pending;
    std::set<std::string> received;
    std::set<std::string> acknowledged;
    bool terminated = false;  // the terminal update was acknowledged
    Timer timer;
  };

  void forward(const Key& key, Stream& stream, Duration interval);
  void onTimeout(const Key& key, const std::string& uuid, Duration interval);

  Duration retryInterval_;
  Duration retryIntervalMax_;
  Forward forward_;
  bool paused_ = false;
  std::map<Key, Stream> streams_;
};

}  // namespace nucleus::agent
