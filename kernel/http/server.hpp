#pragma once

// HttpServer: the kernel's HTTP/1.1 server (Boost.Beast), plain or TLS.
//
//   HttpServer server(runtime, {.ip = "127.0.0.1", .port = 5050});
//   server.addRoute("GET", "/health", [](Request) { return Future<Response>(Response::ok()); });
//   Try<uint16_t> port = server.start();
//   ...
//   server.stop().await();
//
// Each connection is a session that owns a strand and serves one request at a
// time (keep-alive for HTTP/1.1, and for HTTP/1.0 with `Connection: keep-alive`).
// A request is read under the header/body limits and the request timeout,
// routed (404, 405 + Allow), authenticated if its route has a realm with an
// installed authenticator (401/403), and handed to its handler, which must
// produce the response head within the handler timeout (else 503). Malformed
// HTTP gets 400 and the connection closes; the server keeps serving others.
// A response with a Stream is sent chunked and has no deadline once started.
//
// stop() stops accepting, closes idle connections and open streams (they get
// their terminating chunk), lets in-flight requests finish, and after
// `stopTimeout` closes whatever is left.
//
// Thread safety: addRoute(), setAuthenticator() and start() belong to the
// thread that owns the server and must come before start() (routes are
// immutable while serving, so sessions read them without locks). stop(),
// port() and counters() may be called from any thread. Handlers and
// authenticators are called on io threads, concurrently, and must not block.
// Destroying the server stops it without waiting; sessions still running keep
// what they need alive.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "kernel/http/authenticator.hpp"
#include "kernel/http/router.hpp"
#include "kernel/http/server_options.hpp"
#include "kernel/runtime/runtime.hpp"

namespace nucleus::http {

namespace internal {
class Listener;
class ServerCore;
}  // namespace internal

class HttpServer {
 public:
  using Options = ServerOptions;

  struct Counters {
    uint64_t connectionsAccepted = 0;
    uint64_t connectionsOpen = 0;
    uint64_t requestsServed = 0;    // responses sent (and streams ended), any status
    uint64_t requestsRejected = 0;  // of those, refused by the server itself (400/408/413/431)
  };

  HttpServer(Runtime& runtime, Options options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Before start(): see Router::add. An error after start().
  Try<Nothing> addRoute(Route route);
  Try<Nothing> addRoute(std::string method, std::string path, Handler handler,
                        std::optional<std::string> realm = std::nullopt);

  // Before start(): requests to routes of `realm` are authenticated by `authenticator`.
  Try<Nothing> setAuthenticator(std::string realm, std::shared_ptr<Authenticator> authenticator);

  // Binds and starts accepting; returns the bound port. An error names the
  // address and the reason (a port in use, a bad TLS file).
  Try<uint16_t> start();

  // Completes when every connection has closed (at most about stopTimeout).
  Future<Nothing> stop();

  uint16_t port() const { return port_; }
  Counters counters() const;

 private:
  Runtime& runtime_;
  Options options_;
  Router router_;
  std::map<std::string, std::shared_ptr<Authenticator>> authenticators_;
  std::shared_ptr<internal::ServerCore> core_;
  std::shared_ptr<internal::Listener> listener_;
  uint16_t port_ = 0;
};

}  // namespace nucleus::http
