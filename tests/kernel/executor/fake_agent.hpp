#pragma once

// FakeAgent: a stand-in for the agent's executor API (POST /api/v1/executor)
// on 127.0.0.1, port 0, so the executors can be tested as real processes
// without an agent. It answers SUBSCRIBE with a RecordIO event stream that
// starts with SUBSCRIBED, lets the test push events (LAUNCH, LAUNCH_GROUP,
// KILL, SHUTDOWN) or break the stream, records every call, and acknowledges
// UPDATEs (unless told not to).
//
// Thread safety: every member may be called from any thread (a mutex guards
// the recorded calls; the server's handlers run on io threads).

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kernel/http/server.hpp"
#include "kernel/http/stream.hpp"
#include "mesos/v1/executor/executor.pb.h"

namespace nucleus::testing {

class FakeAgent {
 public:
  struct Options {
    bool autoAcknowledge = true;
    bool taskKillingState = false;  // the framework's TASK_KILLING_STATE capability
  };

  explicit FakeAgent(Options options);
  FakeAgent() : FakeAgent(Options{}) {}
  ~FakeAgent();

  // The MESOS_* environment of an executor of this agent.
  std::map<std::string, std::string> executorEnvironment(const std::string& sandbox) const;

  // Sends an event on the current stream; false if no executor is subscribed.
  bool send(const mesos::v1::executor::Event& event);
  bool launch(const mesos::v1::TaskInfo& task);
  bool launchGroup(const std::vector<mesos::v1::TaskInfo>& tasks);
  bool kill(const std::string& taskId,
            std::optional<std::chrono::milliseconds> gracePeriod = std::nullopt);
  bool shutdown();
  // Ends the event stream, as an agent that restarts.
  void closeStream();
  void setAutoAcknowledge(bool on);
  // Acknowledges every update received so far that was not yet.
  void acknowledgeAll();

  // Waits until an executor subscribed `count` times in all.
  bool waitForSubscribe(size_t count = 1,
                        std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Waits for an update of `taskId` in `state`, and returns it.
  std::optional<mesos::v1::TaskStatus> waitForUpdate(
      const std::string& taskId, mesos::v1::TaskState state,
      std::chrono::milliseconds timeout = std::chrono::seconds(20));

  std::vector<mesos::v1::executor::Call> subscribes() const;
  std::vector<mesos::v1::TaskStatus> updates() const;
  // The states reported for `taskId`, in order.
  std::vector<mesos::v1::TaskState> states(const std::string& taskId) const;
  std::string executorId() const { return "executor-1"; }
  std::string frameworkId() const { return "framework-1"; }
  std::string agentId() const { return "agent-1"; }

 private:
  Future<http::Response> handle(http::Request request);
  void acknowledgeLocked(const mesos::v1::TaskStatus& status);
  bool sendLocked(const mesos::v1::executor::Event& event);

  Options options_;
  Runtime runtime_{Runtime::Options{.ioThreads = 2, .blockingThreads = 1}};
  std::unique_ptr<http::HttpServer> server_;
  uint16_t port_ = 0;

  mutable std::mutex mutex_;  // guards the fields below
  std::shared_ptr<http::Stream> stream_;
  bool json_ = false;  // the subscriber's content type
  std::vector<mesos::v1::executor::Call> subscribes_;
  std::vector<mesos::v1::TaskStatus> updates_;
  std::vector<std::string> acknowledged_;  // uuids
};

}  // namespace nucleus::testing
