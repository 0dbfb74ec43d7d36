#include "kernel/http/beast_convert.hpp"

#include <ctime>

namespace nucleus::http::internal {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

bool isFramingHeader(std::string_view name)
{
  return equalsIgnoreCase(name, "Content-Length") || equalsIgnoreCase(name, "Transfer-Encoding") ||
         equalsIgnoreCase(name, "Connection");
}

std::string httpDate()
{
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[64];
  size_t n = std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(text, n);
}

Try<Request> fromBeast(BeastRequest&& message)
{
  Request request;
  request.method = std::string(message.method_string());
  if (auto ok = request.setTarget(std::string(message.target())); !ok) return ok.error();
  for (const auto& field : message) {
    request.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  request.keepAlive = message.keep_alive();
  request.version = static_cast<int>(message.version());
  request.body = std::move(message.body());
  return request;
}

BeastResponse toBeast(Response&& response, unsigned version, bool keepAlive)
{
  BeastResponse message;
  copyHead(response, version, message);
  message.body() = std::move(response.body);
  message.keep_alive(keepAlive);
  message.prepare_payload();
  return message;
}

BeastRequest toBeast(const Request& request, const Endpoint& endpoint)
{
  BeastRequest message;
  message.version(11);
  message.method_string(request.method);
  message.target(request.target);
  for (const auto& [name, value] : request.headers) {
    if (!isFramingHeader(name)) message.insert(name, value);
  }
  if (!request.headers.has("Host")) {
    bool defaultPort = endpoint.port == (endpoint.secure() ? 443 : 80);
    std::string authority = endpoint.authority();
    // Without the default port: "example.com", "[::1]".
    if (defaultPort) authority.resize(authority.rfind(':'));
    message.set(bhttp::field::host, authority);
  }
  if (!request.headers.has("User-Agent")) message.set(bhttp::field::user_agent, "nucleus");
  message.body() = request.body;
  message.keep_alive(request.keepAlive);
  // Content-Length even for an empty POST body, which some servers insist on.
  message.prepare_payload();
  return message;
}

Response fromBeast(BeastResponse&& message)
{
  Response response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    response.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(message.body());
  return response;
}

}  // namespace nucleus::http::internal
