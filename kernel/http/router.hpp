#pragma once

// Router: maps a request's method and path to a handler.
//
// Exact routes match the path only ("/master/state"; the query string plays no
// part, so "/master/state?_ts=1" matches). Prefix routes match their path and
// everything below it ("/files" matches "/files" and "/files/browse", not
// "/filesystem"); the longest prefix wins and exact routes win over prefixes.
// A path that matches but with a method no route on it accepts gets 405 with
// `Allow`; no match at all gets 404.
//
// A handler receives the request and returns a future response. It runs on an
// io thread and must not block: it dispatches to its actor and returns that
// actor's future (`return dispatch(master, [r](Master& m) { return m.state(r); });`).
//
// Thread safety: routes are added before the server starts (HttpServer refuses
// them afterwards); match() is const and runs concurrently on io threads.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/http/request.hpp"
#include "kernel/http/response.hpp"
#include "kernel/runtime/future.hpp"

namespace nucleus::http {

using Handler = std::function<Future<Response>(Request)>;

struct Route {
  std::string path;                  // starts with '/'
  std::vector<std::string> methods;  // empty: every method
  Handler handler;
  std::optional<std::string> realm = std::nullopt;  // run this realm's authenticator first
  bool prefix = false;                              // also match everything below `path`
};

class Router {
 public:
  // Adds a route; an error for a malformed path, a missing handler, or a
  // method already routed on the same path.
  Try<Nothing> add(Route route);

  // Shorthands for an exact route.
  Try<Nothing> add(std::string method, std::string path, Handler handler,
                   std::optional<std::string> realm = std::nullopt);

  struct Match {
    const Route* route = nullptr;      // found
    std::vector<std::string> allowed;  // no route, but these methods exist on the path (405)
  };

  Match match(std::string_view method, std::string_view path) const;

  // The declared routes, in declaration order (for help pages and tests).
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace nucleus::http
