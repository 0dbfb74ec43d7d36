#pragma once

// Base64 (RFC 4648) for protobuf `bytes` fields in JSON, as Mesos writes and reads them.
//
// Thread safety: pure functions; no shared state.

#include <string>
#include <string_view>

#include "nucleus/module/try.hpp"

namespace nucleus::proto {

// Appends `bytes` encoded with the standard alphabet and '=' padding, as Mesos writes them.
void appendBase64(std::string_view bytes, std::string& out);

// Decodes the standard alphabet (and, for clients that use it, the URL-safe one), with or
// without '=' padding. Anything else, including a dangling sixth bit group, is an Error naming
// the offending character and its offset.
Try<std::string> decodeBase64(std::string_view text);

}  // namespace nucleus::proto
