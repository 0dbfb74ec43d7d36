#include "kernel/http/client_connection.hpp"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/strand.hpp>

#include <cerrno>

namespace nucleus::http::internal {

namespace net = boost::asio;
using boost::system::error_code;

Connection::Connection(net::io_context& io, Endpoint endpoint, const TlsContext& tls)
    : endpoint_(std::move(endpoint)), strand_(net::make_strand(io)), resolver_(strand_)
{
  Socket socket(strand_);
  if (endpoint_.secure()) {
    tls_.emplace(std::move(socket), *tls);
  } else {
    plain_.emplace(std::move(socket));
  }
}

void Connection::connect(ConnectDone done)
{
  done_ = std::move(done);
  resolver_.async_resolve(
      endpoint_.host, std::to_string(endpoint_.port),
      [self = shared_from_this()](const error_code& ec,
                                  const net::ip::tcp::resolver::results_type& results) {
        self->onResolved(ec, results);
      });
}

void Connection::onResolved(const error_code& ec,
                            const net::ip::tcp::resolver::results_type& results)
{
  if (ec) {
    finishConnect("Failed to resolve '" + endpoint_.host + "' (for " + endpoint_.toString() +
                  "): " + ec.message());
    return;
  }
  net::async_connect(socket(), results,
                     [self = shared_from_this()](const error_code& error, const auto&) {
                       self->onConnected(error);
                     });
}

void Connection::onConnected(const error_code& ec)
{
  if (ec) {
    finishConnect("Failed to connect to " + endpoint_.authority() + ": " + ec.message());
    return;
  }
  error_code ignored;
  socket().set_option(net::ip::tcp::no_delay(true), ignored);
  if (!tls_) {
    finishConnect("");
    return;
  }

  error_code notAddress;
  net::ip::make_address(endpoint_.host, notAddress);
  if (notAddress) {
    // SNI, so that a server with several names picks the right certificate.
    SSL_set_tlsext_host_name(tls_->native_handle(), endpoint_.host.c_str());
  }
  if (SSL_CTX_get_verify_mode(SSL_get_SSL_CTX(tls_->native_handle())) & SSL_VERIFY_PEER) {
    tls_->set_verify_callback(net::ssl::host_name_verification(endpoint_.host));
  }
  tls_->async_handshake(
      net::ssl::stream_base::client,
      [self = shared_from_this()](const error_code& error) { self->onHandshake(error); });
}

void Connection::onHandshake(const error_code& ec)
{
  if (ec) {
    std::string reason = ec.message();
    if (ec.category() == net::error::get_ssl_category() ||
        ec == net::ssl::error::stream_truncated || ec == net::error::eof ||
        ec == net::error::connection_reset) {
      long verify = SSL_get_verify_result(tls_->native_handle());
      if (verify != X509_V_OK) {
        reason += std::string(" (") + X509_verify_cert_error_string(verify) +
                  "; check that --ssl_ca_file holds the CA that signed the server's certificate)";
      }
    }
    finishConnect("TLS handshake with " + endpoint_.authority() + " failed: " + reason);
    return;
  }
  finishConnect("");
}

void Connection::finishConnect(const std::string& error)
{
  // Released before the call: the callback holds its exchange, which holds us.
  ConnectDone done = std::move(done_);
  done_ = nullptr;
  done(error);
}

bool Connection::reusable()
{
  if (!socket().is_open() || buffer.size() > 0) return false;
  char byte;
  ssize_t n = ::recv(socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  // 0: the server closed it; data: unexpected (a TLS close_notify, say).
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void Connection::close()
{
  error_code ignored;
  resolver_.cancel();
  socket().shutdown(net::socket_base::shutdown_both, ignored);
  socket().close(ignored);
}

}  // namespace nucleus::http::internal
