#include "kernel/http/listener.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/strand.hpp>

#include "kernel/common/logging.hpp"
#include "kernel/http/rejections.hpp"
#include "kernel/http/session.hpp"

namespace nucleus::http::internal {

namespace net = boost::asio;
using boost::system::error_code;
using net::ip::tcp;

Listener::Listener(Runtime& runtime, std::shared_ptr<ServerCore> core)
    : Actor(runtime, "http-listener"), core_(std::move(core)), acceptor_(runtime.io())
{
}

Try<uint16_t> Listener::listen()
{
  const ServerOptions& options = core_->options;
  std::string where = options.ip + ":" + std::to_string(options.port);
  error_code ec;
  net::ip::address address = net::ip::make_address(options.ip, ec);
  if (ec) {
    return Error("Failed to listen on " + where + ": '" + options.ip +
                 "' is not an IP address; use an address of this host such as 0.0.0.0");
  }
  tcp::endpoint endpoint(address, options.port);
  auto fail = [&](const char* step) {
    error_code ignored;
    acceptor_.close(ignored);
    std::string fix = ec == net::error::address_in_use
                          ? "; choose another port or stop the process using it"
                          : "";
    return Error(std::string("Failed to ") + step + " " + where + ": " + ec.message() + fix);
  };
  if (acceptor_.open(endpoint.protocol(), ec)) return fail("open a socket for");
  if (acceptor_.set_option(net::socket_base::reuse_address(true), ec)) return fail("configure");
  if (acceptor_.bind(endpoint, ec)) return fail("bind");
  if (acceptor_.listen(net::socket_base::max_listen_connections, ec)) return fail("listen on");
  port_ = acceptor_.local_endpoint(ec).port();
  if (ec) return fail("read the bound port of");
  return port_;
}

void Listener::startAccepting()
{
  if (!stopping_) doAccept();
}

void Listener::doAccept()
{
  // Each connection gets its own strand.
  acceptor_.async_accept(
      net::make_strand(runtime().io()),
      net::bind_executor(strand(), [self = self()](const error_code& ec, tcp::socket socket) {
        self->onAccept(ec, std::move(socket));
      }));
}

void Listener::onAccept(const error_code& ec, tcp::socket socket)
{
  if (stopping_) return;
  if (ec) {
    // Out of file descriptors, say: back off a little instead of spinning.
    log::warning("Failed to accept an HTTP connection: {}", ec.message());
    delay(std::chrono::milliseconds(100), [this] { startAccepting(); });
    return;
  }
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);  // small event chunks go out at once
  core_->connectionsAccepted++;
  core_->connectionsOpen++;

  uint64_t id = nextId_++;
  if (core_->tls) {
    auto session = std::make_shared<Session<TlsStream>>(core_, id, std::move(socket));
    sessions_[id] = session;
    session->run();
  } else {
    auto session = std::make_shared<Session<PlainStream>>(core_, id, std::move(socket));
    sessions_[id] = session;
    session->run();
  }
  doAccept();
}

Future<Nothing> Listener::stop()
{
  if (stopped_) return stopped_->future();
  stopped_ = std::make_shared<Promise<Nothing>>();
  stopping_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  log::info("HTTP server on port {} stopping: {} connection(s) open", port_, sessions_.size());

  for (auto& [id, weak] : sessions_) {
    if (auto session = weak.lock()) session->shutdown();
  }
  if (sessions_.empty()) {
    finishStop();
    return stopped_->future();
  }
  delay(core_->options.stopTimeout, [this] {
    if (sessions_.empty()) return;
    log::warning("HTTP server: closing {} connection(s) still busy after {}", sessions_.size(),
                 formatDuration(core_->options.stopTimeout));
    for (auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) session->abort();
    }
    // A session busy in a handler closes its socket at once but reports back
    // through this strand; do not wait on anything else.
    delay(std::chrono::seconds(1), [this] { finishStop(); });
  });
  return stopped_->future();
}

void Listener::sessionClosed(uint64_t id)
{
  sessions_.erase(id);
  if (stopping_ && sessions_.empty()) finishStop();
}

void Listener::finishStop()
{
  if (stopped_ && stopped_->set(Nothing{})) log::info("HTTP server on port {} stopped", port_);
}

}  // namespace nucleus::http::internal
