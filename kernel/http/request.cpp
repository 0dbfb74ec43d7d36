#include "kernel/http/request.hpp"

namespace nucleus::http {

Try<Nothing> Request::setTarget(std::string rawTarget)
{
  Try<Target> parsed = parseTarget(rawTarget);
  if (!parsed) return parsed.error();
  target = std::move(rawTarget);
  path = std::move(parsed->path);
  query = std::move(parsed->query);
  return Nothing{};
}

Request Request::make(std::string method, std::string target)
{
  Request request;
  request.method = std::move(method);
  if (!request.setTarget(target)) {
    // The client sends the target as given; only `path` (unused when sending) stays "/".
    request.target = std::move(target);
  }
  return request;
}

Request Request::get(std::string target)
{
  return make("GET", std::move(target));
}

Request Request::post(std::string target, std::string body, std::string contentType)
{
  Request request = make("POST", std::move(target));
  request.body = std::move(body);
  if (!contentType.empty()) request.headers.set("Content-Type", std::move(contentType));
  return request;
}

}  // namespace nucleus::http
