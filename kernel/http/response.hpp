#pragma once

// An HTTP response: what a handler returns and what the client receives.
//
// As in Mesos, error responses carry a human-readable text/plain body saying
// what was wrong and, where possible, what to do. A response with a `stream`
// is sent with `Transfer-Encoding: chunked`, one HTTP chunk per
// Stream::write() (see stream.hpp); its `body` is ignored.
//
// Thread safety: a plain value; the Stream it may point to is thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/http/headers.hpp"
#include "kernel/http/status.hpp"

namespace nucleus::http {

class Stream;

inline constexpr std::string_view kTextPlain = "text/plain; charset=utf-8";
inline constexpr std::string_view kApplicationJson = "application/json";

struct Response {
  int status = status::kOk;
  Headers headers;
  std::string body;
  std::shared_ptr<Stream> stream;  // set: a chunked streaming response

  Response() = default;
  // A response with `body`; Content-Type is set only when the body is not empty.
  Response(int status, std::string body, std::string_view contentType = kTextPlain);

  std::optional<std::string_view> contentType() const { return headers.get("Content-Type"); }

  static Response ok(std::string body = {}, std::string_view contentType = kTextPlain);
  static Response accepted(std::string body = {});
  static Response noContent();
  // As Mesos: a non-leading master answers 307 with the leader in `Location`.
  static Response temporaryRedirect(std::string location);

  static Response badRequest(std::string message);
  // 401 with `WWW-Authenticate: <challenge>` (for example `Basic realm="mesos"`).
  static Response unauthorized(std::string challenge, std::string message = {});
  static Response forbidden(std::string message = {});
  static Response notFound(std::string message = {});
  // 405 with `Allow: GET, POST` and Mesos' body "Expecting one of { 'GET', 'POST' },
  // but received 'PUT'".
  static Response methodNotAllowed(const std::vector<std::string>& allowed,
                                   std::string_view requested);
  static Response notAcceptable(std::string message);
  static Response conflict(std::string message);
  static Response unsupportedMediaType(std::string message);
  static Response internalServerError(std::string message);
  static Response serviceUnavailable(std::string message);

  // A streaming response: headers now, then one chunk per stream->write().
  static Response streaming(std::shared_ptr<Stream> stream, std::string_view contentType,
                            int status = status::kOk);
};

}  // namespace nucleus::http
