#pragma once

// A simulated agent for benchmarks: it registers with a real master over the
// master-agent protocol (kernel/proto/nucleus/internal/agent_protocol.proto),
// answers PING with PONG, and answers every RUN_TASK at once with a
// TASK_RUNNING status update, running nothing. It measures the master's side
// of a launch without fork/exec.
//
// Thread safety: start() from one thread; events arrive on io threads.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "kernel/http/client.hpp"
#include "kernel/http/recordio.hpp"
#include "kernel/runtime/runtime.hpp"
#include "nucleus/internal/agent_protocol.pb.h"

namespace nucleus::bench {

class SimulatedAgent {
 public:
  SimulatedAgent(Runtime& runtime, http::Endpoint master, std::string hostname,
                 std::string resources);

  // Registers; ready once REGISTERED arrived.
  Future<Nothing> start();
  void stop();

  uint64_t tasksStarted() const { return tasksStarted_.load(); }

 private:
  void onEvent(const nucleus::internal::AgentEvent& event);
  void send(nucleus::internal::AgentCall call);

  Runtime& runtime_;
  http::Endpoint master_;
  std::string hostname_;
  std::string resources_;
  http::HttpClient http_;
  std::optional<http::ClientStream> stream_;
  std::mutex mutex_;
  http::recordio::Decoder decoder_;
  std::string streamId_;
  mesos::v1::AgentID agentId_;
  std::shared_ptr<Promise<Nothing>> registered_ = std::make_shared<Promise<Nothing>>();
  std::atomic<uint64_t> tasksStarted_{0};
};

}  // namespace nucleus::bench
