#pragma once

// POST /api/v1/scheduler: decodes a v1 scheduler Call (JSON or protobuf),
// checks it the way Mesos 1.5's Master::Http::scheduler does, in the same
// order and with the same status codes and messages, and hands it to the
// Master actor. Nothing that fails these checks reaches the master, so a bad
// request never changes its state:
//   not POST 405; no Content-Type 400; another Content-Type 415 (matched
//   exactly); an undecodable body 400 (the message names the field); an
//   invalid call 400 ("Failed to validate scheduler::Call: ...");
//   SUBSCRIBE: Accept allowing neither encoding 406, a Mesos-Stream-Id header 400.
// The rest (unknown framework 400, not subscribed 403, stream id 400, UNKNOWN
// 501) is decided by the master, which owns that state.
//
// Thread safety: runs on an io thread; touches no state but the request.

#include <memory>

#include "kernel/http/request.hpp"
#include "kernel/http/response.hpp"
#include "kernel/runtime/future.hpp"

namespace nucleus::master {

class Master;

inline constexpr const char* kSchedulerPath = "/api/v1/scheduler";

Future<http::Response> handleSchedulerRequest(const std::shared_ptr<Master>& master,
                                              const http::Request& request);

}  // namespace nucleus::master
