#include "kernel/http/rejections.hpp"

namespace nucleus::http::internal {

std::string formatDuration(std::chrono::milliseconds duration)
{
  auto ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

Response malformedRequest(std::string_view detail)
{
  return Response::badRequest("Malformed HTTP request: " + std::string(detail) +
                              ". The connection is closed; send a valid HTTP/1.1 request");
}

Response requestTimedOut(std::chrono::milliseconds timeout)
{
  return Response(status::kRequestTimeout,
                  "Request timeout: the request was not received completely within " +
                      formatDuration(timeout) +
                      ". The connection is closed; send the whole request without pausing");
}

Response bodyTooLarge(std::optional<uint64_t> size, size_t limit)
{
  std::string what = size ? "The request body of " + std::to_string(*size) + " bytes exceeds"
                          : "The request body exceeds";
  return Response(status::kPayloadTooLarge,
                  "Request body too large: " + what + " the server's limit of " +
                      std::to_string(limit) +
                      " bytes. Send a smaller body or split the request into several");
}

Response headersTooLarge(size_t limit)
{
  return Response(status::kHeadersTooLarge,
                  "Request header fields too large: the request line and headers exceed the "
                  "server's limit of " +
                      std::to_string(limit) +
                      " bytes. Send fewer or shorter headers (long cookies or URLs are the usual "
                      "cause)");
}

Response handlerFailed(std::string_view what, std::string_view error)
{
  return Response::internalServerError("Failed to handle " + std::string(what) + ": " +
                                       std::string(error));
}

Response handlerTimedOut(std::string_view what, std::chrono::milliseconds timeout)
{
  return Response::serviceUnavailable("The handler for " + std::string(what) +
                                      " did not respond within " + formatDuration(timeout) +
                                      "; the server may be overloaded. Retry later");
}

std::string plainRequestToTlsPort()
{
  std::string body =
      "This port speaks HTTPS only: the client sent a plain HTTP request. Use an https:// URL";
  return "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
         "Connection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace nucleus::http::internal
