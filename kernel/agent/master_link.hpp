#pragma once

// The agent's connection to the master (agent_protocol.proto): one long-lived
// POST of REGISTER or REREGISTER whose response is the RecordIO stream of
// AgentEvents, and short POSTs for every other AgentCall, carrying the
// stream's `Mesos-Stream-Id`.
//
// Each connect() starts a new generation; callbacks carry the generation they
// belong to so that the agent can ignore what an older stream still delivers.
//
// Thread safety: the methods belong to the owning actor's strand (the agent).
// The callbacks run on io threads, one at a time and in order for a stream:
// wrap them with Actor::defer.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "kernel/http/client.hpp"
#include "kernel/http/url.hpp"
#include "kernel/runtime/future.hpp"
#include "nucleus/internal/agent_protocol.pb.h"

namespace nucleus::agent {

inline constexpr std::string_view kAgentApiPath = "/nucleus/internal/agent";

class MasterLink {
 public:
  struct Callbacks {
    // The master accepted the call: 200 and the stream's id.
    std::function<void(uint64_t generation, std::string streamId)> onConnected;
    std::function<void(uint64_t generation, nucleus::internal::AgentEvent event)> onEvent;
    // The stream is over (refused, broken, ended); `reason` says why.
    std::function<void(uint64_t generation, std::string reason)> onClosed;
  };

  MasterLink(Runtime& runtime, http::Endpoint master);

  const http::Endpoint& master() const { return master_; }

  // Cancels any current stream and opens a new one with `call`; returns its generation.
  uint64_t connect(const nucleus::internal::AgentCall& call, Callbacks callbacks);

  // Cancels the current stream (no onClosed for it is delivered as current).
  void disconnect();

  uint64_t generation() const { return generation_; }
  void setStreamId(std::string streamId) { streamId_ = std::move(streamId); }
  const std::optional<std::string>& streamId() const { return streamId_; }

  // Sends a call other than (RE)REGISTER; ready on 202, failed otherwise.
  Future<Nothing> send(const nucleus::internal::AgentCall& call);

 private:
  http::HttpClient client_;
  http::Endpoint master_;
  uint64_t generation_ = 0;
  std::optional<std::string> streamId_;
  std::optional<http::ClientStream> stream_;
};

}  // namespace nucleus::agent
