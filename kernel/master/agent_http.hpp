#pragma once

// POST /nucleus/internal/agent: the master's side of the agent protocol
// (kernel/proto/nucleus/internal/agent_protocol.proto). Bodies are protobuf
// AgentCalls only. REGISTER/REREGISTER answer 200 with a protobuf RecordIO
// stream of AgentEvents and a Mesos-Stream-Id header; every other call must
// name the agent and that stream id and answers 202, with 400/403 as the
// scheduler API does when they are wrong.
//
// Thread safety: runs on an io thread; touches no state but the request.

#include <memory>

#include "kernel/http/request.hpp"
#include "kernel/http/response.hpp"
#include "kernel/runtime/future.hpp"

namespace nucleus::master {

class Master;

inline constexpr const char* kAgentPath = "/nucleus/internal/agent";

Future<http::Response> handleAgentRequest(const std::shared_ptr<Master>& master,
                                          const http::Request& request);

}  // namespace nucleus::master
