#pragma once

// Internal: what every session of one server shares, fixed at start(): the
// options, the routes, the authenticators, the TLS context and the counters;
// and the dispatch of a parsed request to its route (routing, authentication,
// calling the handler).
//
// Thread safety: immutable after construction except the atomic counters and
// the listener pointer (set once, before accepting). dispatch() runs on any
// io thread, concurrently.

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "kernel/http/authenticator.hpp"
#include "kernel/http/router.hpp"
#include "kernel/http/server_options.hpp"
#include "kernel/http/tls.hpp"
#include "kernel/runtime/runtime.hpp"

namespace nucleus::http::internal {

class Listener;

class ServerCore {
 public:
  ServerCore(Runtime& runtime, ServerOptions options, Router router,
             std::map<std::string, std::shared_ptr<Authenticator>> authenticators, TlsContext tls)
      : runtime(runtime),
        options(std::move(options)),
        tls(std::move(tls)),
        router_(std::move(router)),
        authenticators_(std::move(authenticators))
  {
  }

  // Routes `request`, authenticates it if its route has a realm with an
  // authenticator, and calls the handler. Never fails: problems become 4xx/5xx.
  Future<Response> dispatch(Request request) const;

  // A session's connection closed (it tells the listener, which tracks them for stop()).
  void sessionClosed(uint64_t id);

  Runtime& runtime;
  const ServerOptions options;
  const TlsContext tls;  // null for plain HTTP
  std::weak_ptr<Listener> listener;

  std::atomic<uint64_t> connectionsAccepted{0};
  std::atomic<uint64_t> connectionsOpen{0};
  std::atomic<uint64_t> requestsServed{0};
  std::atomic<uint64_t> requestsRejected{0};

 private:
  const Router router_;
  const std::map<std::string, std::shared_ptr<Authenticator>> authenticators_;
};

}  // namespace nucleus::http::internal
