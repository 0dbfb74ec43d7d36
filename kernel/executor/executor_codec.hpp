#pragma once

// Encodes executor API calls and decodes events in the chosen content type
// (application/x-protobuf or application/json, as the v1 executor API allows).
//
// Thread safety: pure functions.

#include <string>
#include <string_view>

#include "kernel/executor/executor_env.hpp"
#include "mesos/v1/executor/executor.pb.h"
#include "nucleus/module/try.hpp"

namespace nucleus::executor {

// "application/x-protobuf" or "application/json".
std::string_view mediaType(ContentType type);

// "protobuf"/"json" (a flag value) -> ContentType.
Try<ContentType> parseContentType(std::string_view text);

std::string encodeCall(const mesos::v1::executor::Call& call, ContentType type);

// One RecordIO record of the event stream.
Try<mesos::v1::executor::Event> decodeEvent(std::string_view record, ContentType type);

}  // namespace nucleus::executor
