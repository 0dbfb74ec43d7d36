#pragma once

// Internal: what every exchange of one HttpClient shares: the runtime, the
// options, the TLS context, the connection pool and the counter.
//
// Thread safety: immutable after construction except the atomic counter; the
// pool is an actor.

#include <atomic>
#include <memory>

#include "kernel/http/client.hpp"
#include "kernel/http/connection_pool.hpp"

namespace nucleus::http::internal {

class ClientCore {
 public:
  ClientCore(Runtime& runtime, ClientOptions options);

  // A new connection to `endpoint` (counted), or an error when https has no TLS context.
  Try<std::shared_ptr<Connection>> open(const Endpoint& endpoint);

  Runtime& runtime;
  const ClientOptions options;
  std::shared_ptr<ConnectionPool> pool;
  std::atomic<uint64_t> connectionsOpened{0};

 private:
  Try<TlsContext> tls_;
};

}  // namespace nucleus::http::internal
