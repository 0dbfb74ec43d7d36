#pragma once

// Kind "http_route" (version 1): a hook that adds one route to the kernel's HTTP
// server. The kernel asks the instance for its path once, at start-up, and then
// calls handle() for each request whose path equals path() exactly.
//
// The request and response are plain module-api values so that a module does
// not depend on the kernel's HTTP library.
//
// Thread safety: the kernel calls handle() on the instance's strand (see
// host.hpp), one request at a time. `respond` may be called from any thread, at
// most once, now or later (for example from work given to Host::post or
// Host::delay); a request whose `respond` is dropped uncalled gets a 500 from the
// kernel. path() and help() are pure.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace nucleus::module {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;   // "GET", "POST", ...
  std::string path;     // "/hello", without the query
  std::string query;    // the raw query string after '?', without it; "" when absent
  HttpHeaders headers;  // in arrival order; names as sent
  std::string body;
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;  // e.g. {"Content-Type", "text/plain"}
  std::string body;
};

class HttpRoute {
 public:
  static constexpr const char* kKind = "http_route";
  static constexpr std::uint32_t kKindVersion = 1;

  virtual ~HttpRoute() = default;

  // The exact path served, starting with '/', e.g. "/hello".
  virtual std::string path() const noexcept = 0;

  // One line for the kernel's endpoint help, e.g. "Answers GET with a greeting".
  virtual std::string help() const noexcept = 0;

  virtual void handle(HttpRequest request, std::function<void(HttpResponse)> respond) noexcept = 0;
};

}  // namespace nucleus::module
