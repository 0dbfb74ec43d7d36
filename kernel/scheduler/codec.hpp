#pragma once

// The two encodings of Mesos' v1 HTTP APIs, for clients: a Call's body and
// Content-Type, and an Event record's decoding. JSON is Mesos' dialect
// (kernel/proto/json_writer.hpp); protobuf is the binary wire format.
//
// Thread safety: pure functions.

#include <string>
#include <string_view>

#include "mesos/v1/scheduler/scheduler.pb.h"
#include "nucleus/module/try.hpp"

namespace nucleus::scheduler {

enum class Encoding { Json, Protobuf };

// "application/json" or "application/x-protobuf".
std::string_view mediaType(Encoding encoding);

// "json" or "protobuf" (flag values, as mesos-execute's --content_type).
Try<Encoding> parseEncoding(std::string_view name);

std::string encode(const google::protobuf::Message& message, Encoding encoding);

// Decodes one RecordIO record of a scheduler event stream.
Try<mesos::v1::scheduler::Event> decodeEvent(std::string_view record, Encoding encoding);

}  // namespace nucleus::scheduler
