#pragma once

// The responses the server itself sends when a request cannot reach a handler
// or a handler fails: each has a text/plain body saying what was wrong, the
// limit or timeout involved, and what to do.
//
// Thread safety: pure functions.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kernel/http/response.hpp"

namespace nucleus::http::internal {

// "30s", or "1500ms" when not whole seconds.
std::string formatDuration(std::chrono::milliseconds duration);

Response malformedRequest(std::string_view detail);                                  // 400
Response requestTimedOut(std::chrono::milliseconds timeout);                         // 408
Response bodyTooLarge(std::optional<uint64_t> size, size_t limit);                   // 413
Response headersTooLarge(size_t limit);                                              // 431
Response handlerFailed(std::string_view what, std::string_view error);               // 500
Response handlerTimedOut(std::string_view what, std::chrono::milliseconds timeout);  // 503

// A complete raw HTTP/1.1 400 response for a plain-text request sent to a TLS port.
std::string plainRequestToTlsPort();

}  // namespace nucleus::http::internal
