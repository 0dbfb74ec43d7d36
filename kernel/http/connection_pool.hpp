#pragma once

// Internal: the client's idle keep-alive connections, per endpoint, as an
// actor. acquire() hands out the most recently used connection that is still
// usable (the server may have closed it meanwhile); release() takes one back
// after a complete exchange. At most `maxIdlePerEndpoint` wait per endpoint,
// each for at most `idleTimeout`.
//
// Thread safety: every member runs on the pool's strand (use dispatch/send).

#include <chrono>
#include <deque>
#include <map>
#include <memory>

#include "kernel/http/client_connection.hpp"
#include "kernel/runtime/actor.hpp"

namespace nucleus::http::internal {

class ConnectionPool : public Actor {
 public:
  ConnectionPool(Runtime& runtime, size_t maxIdlePerEndpoint,
                 std::chrono::milliseconds idleTimeout);

  // An idle connection to `endpoint`, or null.
  std::shared_ptr<Connection> acquire(const Endpoint& endpoint);
  void release(std::shared_ptr<Connection> connection);
  size_t idleCount() const;
  void closeAll();

 private:
  void prune();

  const size_t maxIdlePerEndpoint_;
  const std::chrono::milliseconds idleTimeout_;
  std::map<Endpoint, std::deque<std::shared_ptr<Connection>>> idle_;
  bool pruneScheduled_ = false;
};

}  // namespace nucleus::http::internal
