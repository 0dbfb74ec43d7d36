#pragma once

// The wire side of the v1 executor API (POST /api/v1/executor), as Mesos 1.5's
// Http::executor: content negotiation, decoding and validating the Call, and
// encoding Events for the SUBSCRIBE stream. What a call does is the agent's
// business (agent.hpp).
//
// Request rules (same as the scheduler API): not POST -> 405; no Content-Type
// -> 400; a Content-Type other than application/json or
// application/x-protobuf -> 415; a body that does not parse or a Call that is
// not valid -> 400 "Failed to validate Executor::Call: ..."; a SUBSCRIBE whose
// Accept allows neither media type -> 406. SUBSCRIBE streams in the first of
// application/json, application/x-protobuf that Accept allows (JSON when
// Accept is absent), one RecordIO record per chunk.
//
// Thread safety: pure functions.

#include <string>
#include <string_view>
#include <variant>

#include "kernel/http/request.hpp"
#include "kernel/http/response.hpp"
#include "mesos/v1/executor/executor.pb.h"

namespace nucleus::agent {

enum class ContentType { Json, Protobuf };

std::string_view mediaType(ContentType type);

struct ExecutorRequest {
  mesos::v1::executor::Call call;
  ContentType accept = ContentType::Json;  // of the SUBSCRIBE stream
};

// The decoded, validated call, or the error response to send.
std::variant<ExecutorRequest, http::Response> parseExecutorRequest(const http::Request& request);

// Mesos' executor::call::validate (the error texts are Mesos').
Try<Nothing> validateExecutorCall(const mesos::v1::executor::Call& call);

// One RecordIO record holding `event` in `type`.
std::string encodeEvent(const mesos::v1::executor::Event& event, ContentType type);

// Whether the request's Accept header allows `mediaType` (no Accept: anything;
// wildcards and q=0 as RFC 7231).
bool acceptsMediaType(const http::Request& request, std::string_view mediaType);

}  // namespace nucleus::agent
