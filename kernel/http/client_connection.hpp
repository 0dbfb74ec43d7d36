#pragma once

// Internal: one client connection to an endpoint, plain or TLS: resolving,
// connecting and the TLS handshake (with SNI, and the server's name checked
// when the context verifies), plus the read buffer that outlives one exchange
// so that a kept-alive connection can serve the next request.
//
// Thread safety: the socket's executor is the connection's own strand; every
// member runs there while an exchange owns the connection. Idle in the pool,
// it is touched only by the pool (no operation is pending then).

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "kernel/http/tls.hpp"
#include "kernel/http/url.hpp"

namespace nucleus::http::internal {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using TlsSocket = boost::asio::ssl::stream<Socket>;
  // done(error message or "") runs on the connection's strand.
  using ConnectDone = std::function<void(const std::string& error)>;

  // `tls` is required for an https endpoint and ignored otherwise.
  Connection(boost::asio::io_context& io, Endpoint endpoint, const TlsContext& tls);

  const Endpoint& endpoint() const { return endpoint_; }
  const boost::asio::any_io_executor& executor() const { return strand_; }
  Socket& socket() { return tls_ ? tls_->next_layer() : *plain_; }

  // Resolves, connects and, for https, handshakes.
  void connect(ConnectDone done);

  // Runs f(stream) with the plain or the TLS stream.
  template <class F>
  void visit(F&& f)
  {
    if (tls_) {
      f(*tls_);
    } else {
      f(*plain_);
    }
  }

  // Whether an idle connection can carry another request: open, nothing
  // unread, and not closed by the server meanwhile (checked without blocking).
  bool reusable();
  void close();

  boost::beast::flat_buffer buffer;  // bytes read but not yet parsed
  std::chrono::steady_clock::time_point idleSince;
  bool reused = false;  // has carried a request before

 private:
  void onResolved(const boost::system::error_code& ec,
                  const boost::asio::ip::tcp::resolver::results_type& results);
  void onConnected(const boost::system::error_code& ec);
  void onHandshake(const boost::system::error_code& ec);
  void finishConnect(const std::string& error);

  Endpoint endpoint_;
  boost::asio::any_io_executor strand_;
  std::optional<Socket> plain_;
  std::optional<TlsSocket> tls_;
  boost::asio::ip::tcp::resolver resolver_;
  ConnectDone done_;
};

}  // namespace nucleus::http::internal
