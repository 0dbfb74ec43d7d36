#pragma once

// A fake master for the agent's tests: serves /nucleus/internal/agent on a
// loopback port, answers REGISTER/REREGISTER with a RecordIO stream of
// AgentEvents (REGISTERED first), records every AgentCall, and acknowledges
// status updates unless told not to.
//
// Thread safety: every method may be called from any thread (the handler runs
// on io threads; a mutex guards the recorded calls).

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kernel/http/server.hpp"
#include "kernel/http/stream.hpp"
#include "kernel/runtime/runtime.hpp"
#include "nucleus/internal/agent_protocol.pb.h"

namespace nucleus::agent::testing {

// A server on an ephemeral loopback port.
http::ServerOptions localOptions();

class FakeMaster {
 public:
  explicit FakeMaster(Runtime& runtime);
  ~FakeMaster();

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  std::vector<nucleus::internal::AgentCall> calls() const;
  std::vector<nucleus::internal::AgentCall> callsOf(nucleus::internal::AgentCall::Type type) const;
  // The statuses of every STATUS_UPDATE received, in order.
  std::vector<mesos::v1::TaskStatus> updates() const;
  // Waits until some status of `taskId` has `state`.
  bool waitForUpdate(const std::string& taskId, mesos::v1::TaskState state,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
  bool waitForCalls(nucleus::internal::AgentCall::Type type, size_t count,
                    std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;

  // Sends an event on the current agent stream; false when there is none.
  bool send(const nucleus::internal::AgentEvent& event);
  // Ends the current stream (the agent sees the master go away).
  void closeStream();

  void setAutoAcknowledge(bool on);
  void acknowledge(const std::string& frameworkId, const mesos::v1::TaskStatus& status);

  // The id given to the last REGISTER ("agent-<n>").
  std::string agentId() const;

 private:
  Future<http::Response> handle(const http::Request& request);

  http::HttpServer server_;
  uint16_t port_ = 0;
  mutable std::mutex mutex_;  // guards the fields below
  std::vector<nucleus::internal::AgentCall> calls_;
  std::shared_ptr<http::Stream> stream_;
  bool autoAcknowledge_ = true;
  int registrations_ = 0;
  std::string agentId_;
};

}  // namespace nucleus::agent::testing
