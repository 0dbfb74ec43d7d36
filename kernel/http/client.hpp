#pragma once

// HttpClient: HTTP/1.1 requests to other nodes (agents to the master, health
// checks, tests), plain or TLS, with keep-alive connection reuse.
//
//   HttpClient client(runtime);
//   Try<Url> url = parseUrl("http://127.0.0.1:5050/master/state");
//   Future<Response> r = client.request(url->endpoint, Request::get(url->target), 5s);
//
// request() reuses an idle keep-alive connection to the same endpoint when one
// is left from an earlier request, so sequential requests share one TCP
// connection. Its timeout bounds everything: connecting, the TLS handshake,
// sending, and reading the whole response. Failures are Error values that say
// what failed and where ("Failed to connect to 127.0.0.1:5050: Connection
// refused"). A request that failed on a reused connection before any byte of
// the response arrived is retried once on a new connection when its method is
// idempotent, since the server may have closed the idle connection meanwhile.
//
// stream() is for long-lived responses (event streams): it delivers the
// response head, then each piece of the body as it arrives (for a chunked
// body, one call per HTTP chunk), until the end, an error, or cancel().
//
// Thread safety: every member may be called from any thread. Futures complete
// and stream callbacks run on io threads (a stream's callbacks one at a time,
// in order); they must not block. In-flight requests keep what they need
// alive if the client is destroyed.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "kernel/http/request.hpp"
#include "kernel/http/response.hpp"
#include "kernel/http/tls.hpp"
#include "kernel/http/url.hpp"
#include "kernel/runtime/runtime.hpp"

namespace nucleus::http {

namespace internal {
class ClientCore;
class StreamExchange;
}  // namespace internal

struct ClientOptions {
  // For https endpoints; null: makeClientContext(TlsOptions{}), which does not
  // verify the server (as Mesos by default). Pass a context with a CA to verify.
  TlsContext tls;
  size_t maxHeaderBytes = 64 * 1024;
  size_t maxResponseBytes = 64 * 1024 * 1024;  // a whole response body (request())
  size_t maxIdlePerEndpoint = 8;
  std::chrono::milliseconds idleTimeout = std::chrono::seconds(30);  // of a pooled connection
};

// The response head and body pieces of a stream(), in order, on an io thread.
struct StreamCallbacks {
  std::function<void(const Response& head)> onHead;  // status and headers (body empty)
  std::function<void(std::string piece)> onChunk;    // one HTTP chunk, or bytes as they come
};

// A handle on a running stream(). Copies share the stream.
class ClientStream {
 public:
  // Closes the connection; done() then completes (ready). Any thread.
  void cancel();
  // Ready when the body ended or after cancel(); failed on a connection or
  // protocol error, or if the head did not arrive within the timeout.
  Future<Nothing> done() const { return done_; }

 private:
  friend class HttpClient;
  std::shared_ptr<internal::StreamExchange> exchange_;
  Future<Nothing> done_;
};

class HttpClient {
 public:
  using Options = ClientOptions;

  explicit HttpClient(Runtime& runtime, Options options = {});
  ~HttpClient();  // closes idle connections
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Future<Response> request(const Endpoint& endpoint, Request request,
                           std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // GET of a URL ("http://127.0.0.1:5050/health"); a bad URL fails the future.
  Future<Response> get(std::string_view url,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // `headTimeout` bounds connecting, sending and the response head; the body
  // has no deadline (event streams carry their own heartbeats).
  ClientStream stream(const Endpoint& endpoint, Request request, StreamCallbacks callbacks,
                      std::chrono::milliseconds headTimeout = std::chrono::seconds(30));

  // TCP connections opened so far (tests check reuse with it).
  uint64_t connectionsOpened() const;
  // Idle connections waiting in the pool.
  Future<size_t> idleConnections() const;

 private:
  std::shared_ptr<internal::ClientCore> core_;
};

}  // namespace nucleus::http
