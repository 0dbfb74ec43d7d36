#pragma once

// Protobuf message -> JSON in Mesos 1.5's dialect (stout's jsonify of a protobuf), written
// straight into a std::string through reflection. This is the writer behind every JSON answer
// of the HTTP APIs, including the master's whole state, so it builds no intermediate document.
//
// The dialect (docs/protocol-json.md):
// - Compact: no whitespace. Keys are the proto field names, in declaration order.
// - Unset optional fields are left out, except that a non-deprecated field with an explicit
//   [default = ...] is written with its default (as Mesos does). Empty repeated fields are left
//   out.
// - Enums are written by name; all integers, int64 and uint64 included, as JSON numbers; bytes
//   as base64 strings; doubles as Mesos prints them (see json_text.hpp).
// - Extensions and unknown fields are not written.
//
// Thread safety: pure functions of their arguments; a message may be written from several
// threads at once as long as nobody modifies it meanwhile.

#include <google/protobuf/message.h>
#include <nlohmann/json_fwd.hpp>

#include <string>

namespace nucleus::proto {

// Returns `message` as compact Mesos-dialect JSON.
std::string toJson(const google::protobuf::Message& message);

// Appends `message` as JSON to `out`, so that callers can reuse one buffer or wrap the message
// in JSON of their own (record framing, envelopes) without copying.
void appendJson(const google::protobuf::Message& message, std::string& out);

// The same JSON as a nlohmann value, for code that edits it before sending. Slower than
// toJson: prefer the string for anything on a hot path.
nlohmann::json toJsonValue(const google::protobuf::Message& message);

}  // namespace nucleus::proto
