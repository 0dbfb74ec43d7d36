#include "kernel/http/client_exchange.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <limits>

#include "kernel/http/rejections.hpp"

namespace nucleus::http::internal {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

namespace {

bool idempotent(const std::string& method)
{
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
         method == "DELETE" || method == "TRACE";
}

std::string describe(const error_code& ec)
{
  if (ec == bhttp::error::end_of_stream || ec == net::error::eof) {
    return "the server closed the connection";
  }
  return ec.message();
}

}  // namespace

Exchange::Exchange(std::shared_ptr<ClientCore> core, Endpoint endpoint, Request request,
                   std::chrono::milliseconds timeout)
    : core_(std::move(core)),
      endpoint_(std::move(endpoint)),
      request_(std::move(request)),
      what_(request_.method + " " + request_.target),
      timeout_(timeout)
{
}

Future<Response> Exchange::start()
{
  deadline_ = std::chrono::steady_clock::now() + timeout_;
  auto self = shared_from_this();
  dispatch(core_->pool, [endpoint = endpoint_](ConnectionPool& pool) {
    return pool.acquire(endpoint);
  }).onAny([self](const Try<std::shared_ptr<Connection>>& idle) {
    self->onAcquired(idle ? *idle : nullptr);
  });
  return promise_.future();
}

void Exchange::onAcquired(std::shared_ptr<Connection> connection)
{
  if (!connection) {
    Try<std::shared_ptr<Connection>> opened = core_->open(endpoint_);
    if (!opened) {
      finish(opened.error());
      return;
    }
    connection = *opened;
  }
  connection_ = std::move(connection);
  net::dispatch(connection_->executor(), [self = shared_from_this()] { self->begin(); });
}

void Exchange::begin()
{
  uint64_t attempt = ++attempt_;
  timer_.emplace(connection_->executor());
  timer_->expires_at(deadline_);
  timer_->async_wait([self = shared_from_this(), attempt](const error_code& ec) {
    if (!ec) self->onDeadline(attempt);
  });
  if (connection_->reused) {
    doWrite();
    return;
  }
  step_ = Step::Connecting;
  connection_->connect(
      [self = shared_from_this()](const std::string& error) { self->onConnected(error); });
}

void Exchange::onConnected(const std::string& error)
{
  if (done_) return;
  if (timedOut_) {
    finish(Error(timeoutMessage()));
  } else if (!error.empty()) {
    connection_->close();
    finish(Error(error));
  } else {
    doWrite();
  }
}

void Exchange::doWrite()
{
  step_ = Step::Sending;
  message_.emplace(toBeast(request_, endpoint_));
  connection_->visit([&](auto& stream) {
    bhttp::async_write(
        stream, *message_,
        [self = shared_from_this()](const error_code& ec, size_t) { self->onWrite(ec); });
  });
}

void Exchange::onWrite(const error_code& ec)
{
  if (done_) return;
  if (ec) {
    failOrRetry("Failed to send " + what_ + " to " + endpoint_.toString() + ": " + describe(ec));
    return;
  }
  doRead();
}

void Exchange::doRead()
{
  step_ = Step::Receiving;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(core_->options.maxHeaderBytes, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(core_->options.maxResponseBytes);
  if (request_.method == "HEAD") parser_->skip(true);
  // The head first: Beast 1.74 does not apply the body limit to a Content-Length
  // when reading eagerly, so the length is checked here.
  connection_->visit([&](auto& stream) {
    bhttp::async_read_header(
        stream, connection_->buffer, *parser_,
        [self = shared_from_this()](const error_code& ec, size_t) { self->onReadHeader(ec); });
  });
}

void Exchange::onReadHeader(const error_code& ec)
{
  if (done_) return;
  if (!ec) {
    auto length = parser_->content_length();
    if (length && *length > core_->options.maxResponseBytes) {
      onRead(bhttp::error::body_limit);
      return;
    }
  }
  if (ec || parser_->is_done()) {
    onRead(ec);
    return;
  }
  connection_->visit([&](auto& stream) {
    bhttp::async_read(
        stream, connection_->buffer, *parser_,
        [self = shared_from_this()](const error_code& error, size_t) { self->onRead(error); });
  });
}

void Exchange::onRead(const error_code& ec)
{
  if (done_) return;
  if (ec == bhttp::error::body_limit && !timedOut_) {
    connection_->close();
    finish(Error("The response to " + what_ + " from " + endpoint_.toString() +
                 " is larger than the client's limit of " +
                 std::to_string(core_->options.maxResponseBytes) + " bytes"));
    return;
  }
  if (ec) {
    failOrRetry("Failed to read the response to " + what_ + " from " + endpoint_.toString() + ": " +
                describe(ec));
    return;
  }
  bool keepAlive = parser_->get().keep_alive() && request_.keepAlive;
  Response response = fromBeast(parser_->release());
  parser_.reset();
  if (timer_) timer_->cancel();
  if (keepAlive) {
    connection_->reused = true;
    send(core_->pool, [connection = connection_](ConnectionPool& pool) mutable {
      pool.release(std::move(connection));
    });
  } else {
    connection_->close();
  }
  finish(std::move(response));
}

void Exchange::failOrRetry(const std::string& message)
{
  connection_->close();
  if (timedOut_) {
    finish(Error(timeoutMessage()));
    return;
  }
  bool nothingReceived = !parser_ || !parser_->got_some();
  if (connection_->reused && !retried_ && nothingReceived && idempotent(request_.method) &&
      std::chrono::steady_clock::now() < deadline_) {
    // The server probably closed the idle connection just as we reused it.
    retried_ = true;
    parser_.reset();
    if (timer_) timer_->cancel();
    onAcquired(nullptr);
    return;
  }
  finish(Error(message));
}

void Exchange::onDeadline(uint64_t attempt)
{
  if (done_ || attempt != attempt_) return;
  timedOut_ = true;
  connection_->close();  // the pending operation fails and reports the timeout
}

std::string Exchange::timeoutMessage() const
{
  std::string after = "Timed out after " + formatDuration(timeout_);
  switch (step_) {
    case Step::Connecting:
      return after + " connecting to " + endpoint_.toString() + " (for " + what_ + ")";
    case Step::Sending:
      return after + " sending " + what_ + " to " + endpoint_.toString();
    case Step::Receiving:
      break;
  }
  return after + " waiting for the response to " + what_ + " from " + endpoint_.toString();
}

void Exchange::finish(Try<Response> result)
{
  if (done_) return;
  done_ = true;
  if (timer_) timer_->cancel();
  promise_.complete(std::move(result));
}

}  // namespace nucleus::http::internal
