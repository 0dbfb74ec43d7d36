#pragma once

// ExecutorClient: the executor's side of the v1 executor HTTP API
// (POST http://<MESOS_AGENT_ENDPOINT>/api/v1/executor), as Mesos 1.5's
// executor library behaves.
//
// - start() sends SUBSCRIBE and reads the answer, a RecordIO stream of
//   events. A 503/404 (agent recovering, routes not up) or other non-200
//   answer is retried every second.
// - update() stamps a TaskStatus (uuid: 16 random bytes, timestamp, source
//   SOURCE_EXECUTOR, executor_id, agent_id), keeps it until the agent
//   ACKNOWLEDGEs it, and POSTs UPDATE calls one at a time, in order.
// - When the stream breaks: with MESOS_CHECKPOINT=1 the client re-subscribes
//   after random backoffs of at most MESOS_SUBSCRIPTION_BACKOFF_MAX, sending
//   the unacknowledged updates and tasks in SUBSCRIBE, and gives up after
//   MESOS_RECOVERY_TIMEOUT. Without checkpointing, or when the very first
//   connection fails, or on giving up, it injects a SHUTDOWN event and
//   stays down (abandoned()).
//
// Thread safety: make it with std::make_shared and call it only on the
// owner's strand (the one passed in); callbacks run on that strand.

#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "kernel/executor/executor_env.hpp"
#include "kernel/http/client.hpp"
#include "kernel/http/recordio.hpp"
#include "kernel/runtime/runtime.hpp"
#include "mesos/v1/executor/executor.pb.h"

namespace nucleus::executor {

struct ExecutorClientCallbacks {
  // Every event but ACKNOWLEDGED, including a SHUTDOWN the client injects.
  std::function<void(const mesos::v1::executor::Event&)> received;
  // The status of an update the agent has acknowledged.
  std::function<void(const mesos::v1::TaskStatus&)> acknowledged;
};

class ExecutorClient : public std::enable_shared_from_this<ExecutorClient> {
 public:
  ExecutorClient(Runtime& runtime, Strand strand, ExecutorEnv env,
                 ExecutorClientCallbacks callbacks);
  ~ExecutorClient();

  void start();
  // Closes the stream and stops retrying; nothing is called back afterwards.
  void stop();

  // Sends a status update (kept and resent until acknowledged).
  void update(mesos::v1::TaskStatus status);

  // A launched task, sent in SUBSCRIBE until some update of it is acknowledged.
  void launched(const mesos::v1::TaskInfo& task);

  bool subscribed() const { return state_ == State::Subscribed; }
  // Disconnected for good: SHUTDOWN was injected and nothing will be acknowledged.
  bool abandoned() const { return state_ == State::Abandoned || state_ == State::Stopped; }
  size_t unacknowledgedUpdates() const { return unacknowledged_.size(); }
  // From SUBSCRIBED; empty before it.
  const mesos::v1::FrameworkInfo& frameworkInfo() const { return frameworkInfo_; }

 private:
  enum class State { Connecting, Subscribed, Disconnected, Abandoned, Stopped };

  void subscribe();
  void onHead(uint64_t generation, int status);
  void onChunk(uint64_t generation, const std::string& piece);
  void onStreamEnd(uint64_t generation, const Try<Nothing>& result);
  void disconnected(const std::string& why);
  void abandon(const std::string& why);
  void receive(const mesos::v1::executor::Event& event);
  void sendNext();
  void onSent(uint64_t generation, const Try<http::Response>& response);
  http::Request makeRequest(const mesos::v1::executor::Call& call) const;
  mesos::v1::executor::Call makeCall(mesos::v1::executor::Call::Type type) const;

  // Runs `f` on the strand after `after`, unless cancelled or the client is gone.
  std::shared_ptr<boost::asio::steady_timer> after(Duration after, std::function<void()> f);
  // Wraps `f(args...)` to run on the strand if the client still exists.
  template <typename F>
  auto onStrand(F f);

  Runtime& runtime_;
  Strand strand_;
  const ExecutorEnv env_;
  ExecutorClientCallbacks callbacks_;
  http::HttpClient http_;

  State state_ = State::Disconnected;
  uint64_t generation_ = 0;  // of the current SUBSCRIBE stream; stale callbacks are ignored
  std::optional<http::ClientStream> stream_;
  int headStatus_ = 0;  // of the current stream; 0 before the head
  std::string errorBody_;
  std::optional<http::recordio::Decoder> decoder_;  // of the current stream
  bool everConnected_ = false;
  bool recovering_ = false;
  std::shared_ptr<boost::asio::steady_timer> retryTimer_;
  std::shared_ptr<boost::asio::steady_timer> recoveryTimer_;
  std::shared_ptr<boost::asio::steady_timer> sendTimer_;

  mesos::v1::FrameworkInfo frameworkInfo_;
  std::string agentId_;

  // Updates by uuid, in the order sent (Mesos keeps a LinkedHashMap).
  std::list<std::pair<std::string, mesos::v1::executor::Call::Update>> unacknowledged_;
  std::map<std::string, mesos::v1::TaskInfo> unacknowledgedTasks_;  // by task ID
  std::list<mesos::v1::executor::Call> outbox_;                     // UPDATEs to POST
  bool sending_ = false;
};

}  // namespace nucleus::executor
