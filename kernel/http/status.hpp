#pragma once

// HTTP status codes and their reason phrases ("404 Not Found"), as Mesos'
// libprocess names them, for the server's status lines and for messages.
//
// Thread safety: pure functions over constant tables.

#include <string>
#include <string_view>

namespace nucleus::http {

// Status codes the kernel produces by name; any other code in 100..599 works too.
namespace status {
inline constexpr int kContinue = 100;
inline constexpr int kOk = 200;
inline constexpr int kAccepted = 202;
inline constexpr int kNoContent = 204;
inline constexpr int kTemporaryRedirect = 307;
inline constexpr int kBadRequest = 400;
inline constexpr int kUnauthorized = 401;
inline constexpr int kForbidden = 403;
inline constexpr int kNotFound = 404;
inline constexpr int kMethodNotAllowed = 405;
inline constexpr int kNotAcceptable = 406;
inline constexpr int kRequestTimeout = 408;
inline constexpr int kConflict = 409;
inline constexpr int kPayloadTooLarge = 413;
inline constexpr int kUnsupportedMediaType = 415;
inline constexpr int kHeadersTooLarge = 431;
inline constexpr int kInternalServerError = 500;
inline constexpr int kNotImplemented = 501;
inline constexpr int kServiceUnavailable = 503;
}  // namespace status

// The reason phrase of `code` ("Not Found"), or "Unknown" for a code without one.
std::string_view reasonPhrase(int code);

// The status line text, code and phrase ("404 Not Found").
std::string statusText(int code);

}  // namespace nucleus::http
