#pragma once

// Protobuf binary encoding at the edge: bodies with Content-Type application/x-protobuf,
// checkpoints, replicated log entries. Turns protobuf's bare `false` into errors that say
// what was wrong.
//
// Thread safety: pure functions; concurrent calls on different output messages are safe.

#include <google/protobuf/message.h>

#include <string_view>

#include "nucleus/module/try.hpp"

namespace nucleus::proto {

// Parses `bytes` into `out`, which is cleared first (and again on error). Input that is not
// protobuf wire format for out's type, or that lacks required fields, is an Error naming the
// type, the size and, for missing fields, their paths.
Try<Nothing> fromBinary(std::string_view bytes, google::protobuf::Message* out);

}  // namespace nucleus::proto
