#pragma once

// Internal: one request/response exchange of HttpClient::request(): take an
// idle connection from the pool or open one, send, read the whole response,
// give the connection back if it stays alive. One deadline covers it all.
// A failure on a reused connection before any response byte is retried once
// on a new connection for idempotent methods.
//
// Thread safety: after start(), every step runs on the connection's strand.

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "kernel/http/beast_convert.hpp"
#include "kernel/http/client_core.hpp"

namespace nucleus::http::internal {

class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(std::shared_ptr<ClientCore> core, Endpoint endpoint, Request request,
           std::chrono::milliseconds timeout);

  Future<Response> start();

 private:
  enum class Step { Connecting, Sending, Receiving };

  void onAcquired(std::shared_ptr<Connection> connection);
  void begin();
  void onConnected(const std::string& error);
  void doWrite();
  void onWrite(const boost::system::error_code& ec);
  void doRead();
  void onReadHeader(const boost::system::error_code& ec);
  void onRead(const boost::system::error_code& ec);
  void failOrRetry(const std::string& message);
  void finish(Try<Response> result);
  void onDeadline(uint64_t attempt);
  std::string timeoutMessage() const;

  std::shared_ptr<ClientCore> core_;
  const Endpoint endpoint_;
  const Request request_;
  const std::string what_;  // "GET /path"
  const std::chrono::milliseconds timeout_;
  std::chrono::steady_clock::time_point deadline_;

  std::shared_ptr<Connection> connection_;
  std::optional<boost::asio::steady_timer> timer_;
  uint64_t attempt_ = 0;
  Step step_ = Step::Connecting;
  bool timedOut_ = false;
  bool retried_ = false;
  bool done_ = false;
  Promise<Response> promise_;
  std::optional<BeastRequest> message_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser_;
};

}  // namespace nucleus::http::internal
