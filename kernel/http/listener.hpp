#pragma once

// Internal: the server's listening socket and its registry of live sessions,
// as an actor. It accepts connections, starts a session for each (plain or
// TLS), and at stop() tells every session to wind down, waits for them to
// close, and after the stop timeout closes whatever is left.
//
// Thread safety: listen() runs once on the owning thread before anything is
// posted to the actor; everything else runs on the actor's strand.

#include <boost/asio/ip/tcp.hpp>

#include <map>
#include <memory>

#include "kernel/http/server_core.hpp"
#include "kernel/runtime/actor.hpp"

namespace nucleus::http::internal {

// What the listener holds of a session: ways to end it, posted to its strand.
class SessionHandle {
 public:
  virtual ~SessionHandle() = default;
  // Finish the request in flight (streams end with their terminating chunk), then close.
  virtual void shutdown() = 0;
  // Close now.
  virtual void abort() = 0;
};

class Listener : public Actor {
 public:
  Listener(Runtime& runtime, std::shared_ptr<ServerCore> core);

  // Opens, binds and listens; returns the bound port.
  Try<uint16_t> listen();

  void startAccepting();
  Future<Nothing> stop();
  void sessionClosed(uint64_t id);

 private:
  void doAccept();
  void onAccept(const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket);
  void finishStop();

  std::shared_ptr<Listener> self()
  {
    return std::static_pointer_cast<Listener>(shared_from_this());
  }

  std::shared_ptr<ServerCore> core_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::map<uint64_t, std::weak_ptr<SessionHandle>> sessions_;
  uint16_t port_ = 0;
  uint64_t nextId_ = 1;
  bool stopping_ = false;
  std::shared_ptr<Promise<Nothing>> stopped_;
};

}  // namespace nucleus::http::internal
