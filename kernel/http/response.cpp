#include "kernel/http/response.hpp"

#include <utility>

namespace nucleus::http {

Response::Response(int code, std::string text, std::string_view contentType)
    : status(code), body(std::move(text))
{
  if (!body.empty()) headers.set("Content-Type", std::string(contentType));
}

Response Response::ok(std::string body, std::string_view contentType)
{
  return Response(status::kOk, std::move(body), contentType);
}

Response Response::accepted(std::string body)
{
  return Response(status::kAccepted, std::move(body));
}

Response Response::noContent()
{
  return Response(status::kNoContent, {});
}

Response Response::temporaryRedirect(std::string location)
{
  Response response(status::kTemporaryRedirect, {});
  response.headers.set("Location", std::move(location));
  return response;
}

Response Response::badRequest(std::string message)
{
  return Response(status::kBadRequest, std::move(message));
}

Response Response::unauthorized(std::string challenge, std::string message)
{
  Response response(status::kUnauthorized, std::move(message));
  response.headers.set("WWW-Authenticate", std::move(challenge));
  return response;
}

Response Response::forbidden(std::string message)
{
  return Response(status::kForbidden, std::move(message));
}

Response Response::notFound(std::string message)
{
  return Response(status::kNotFound, std::move(message));
}

Response Response::methodNotAllowed(const std::vector<std::string>& allowed,
                                    std::string_view requested)
{
  std::string list;
  std::string quoted;
  for (const auto& method : allowed) {
    list += (list.empty() ? "" : ", ") + method;
    quoted += (quoted.empty() ? "'" : ", '") + method + "'";
  }
  Response response(
      status::kMethodNotAllowed,
      "Expecting one of { " + quoted + " }, but received '" + std::string(requested) + "'");
  response.headers.set("Allow", list);
  return response;
}

Response Response::notAcceptable(std::string message)
{
  return Response(status::kNotAcceptable, std::move(message));
}

Response Response::conflict(std::string message)
{
  return Response(status::kConflict, std::move(message));
}

Response Response::unsupportedMediaType(std::string message)
{
  return Response(status::kUnsupportedMediaType, std::move(message));
}

Response Response::internalServerError(std::string message)
{
  return Response(status::kInternalServerError, std::move(message));
}

Response Response::serviceUnavailable(std::string message)
{
  return Response(status::kServiceUnavailable, std::move(message));
}

Response Response::streaming(std::shared_ptr<Stream> stream, std::string_view contentType, int code)
{
  Response response(code, {});
  response.headers.set("Content-Type", std::string(contentType));
  response.stream = std::move(stream);
  return response;
}

}  // namespace nucleus::http
