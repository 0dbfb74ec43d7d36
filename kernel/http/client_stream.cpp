#include "kernel/http/client_stream.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <limits>

#include "kernel/http/rejections.hpp"

namespace nucleus::http::internal {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

namespace {
constexpr size_t kReadBufferBytes = 64 * 1024;
}  // namespace

StreamExchange::StreamExchange(std::shared_ptr<ClientCore> core, Endpoint endpoint, Request request,
                               StreamCallbacks callbacks, std::chrono::milliseconds headTimeout)
    : core_(std::move(core)),
      endpoint_(std::move(endpoint)),
      request_(std::move(request)),
      what_(request_.method + " " + request_.target),
      callbacks_(std::move(callbacks)),
      headTimeout_(headTimeout),
      bodyBuffer_(kReadBufferBytes)
{
}

Future<Nothing> StreamExchange::start()
{
  Try<std::shared_ptr<Connection>> opened = core_->open(endpoint_);
  if (!opened) return opened.error();
  connection_ = *opened;
  net::dispatch(connection_->executor(), [self = shared_from_this()] { self->begin(); });
  return promise_.future();
}

void StreamExchange::cancel()
{
  if (!connection_) return;
  net::post(connection_->executor(), [self = shared_from_this()] {
    self->cancelled_ = true;
    self->connection_->close();
    self->finish(Nothing{});
  });
}

void StreamExchange::begin()
{
  if (done_) return;
  timer_.emplace(connection_->executor(), headTimeout_);
  timer_->async_wait([self = shared_from_this()](const error_code& ec) {
    if (ec || self->done_ || self->headSeen_) return;
    self->timedOut_ = true;
    self->connection_->close();
  });
  connection_->connect(
      [self = shared_from_this()](const std::string& error) { self->onConnected(error); });
}

void StreamExchange::onConnected(const std::string& error)
{
  if (done_) return;
  if (!error.empty()) {
    fail(error);
    return;
  }
  message_.emplace(toBeast(request_, endpoint_));
  connection_->visit([&](auto& stream) {
    bhttp::async_write(
        stream, *message_,
        [self = shared_from_this()](const error_code& ec, size_t) { self->onWrite(ec); });
  });
}

void StreamExchange::onWrite(const error_code& ec)
{
  if (done_) return;
  if (ec) {
    fail("Failed to send " + what_ + " to " + endpoint_.toString() + ": " + ec.message());
    return;
  }
  doReadHeader();
}

void StreamExchange::doReadHeader()
{
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(core_->options.maxHeaderBytes, std::numeric_limits<std::uint32_t>::max())));
  // A stream has no total size; each chunk is bounded instead (onChunkBody).
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  // Set before any body arrives, as Beast requires; used only for chunked bodies.
  chunkHeader_ = [this](uint64_t, beast::string_view, error_code&) { chunk_.clear(); };
  chunkBody_ = [this](uint64_t remain, beast::string_view body, error_code& ec) {
    return onChunkBody(remain, body, ec);
  };
  parser_->on_chunk_header(chunkHeader_);
  parser_->on_chunk_body(chunkBody_);
  connection_->visit([&](auto& stream) {
    bhttp::async_read_header(
        stream, connection_->buffer, *parser_,
        [self = shared_from_this()](const error_code& ec, size_t) { self->onReadHeader(ec); });
  });
}

void StreamExchange::onReadHeader(const error_code& ec)
{
  if (done_) return;
  if (ec) {
    fail("Failed to read the response to " + what_ + " from " + endpoint_.toString() + ": " +
         ec.message());
    return;
  }
  headSeen_ = true;
  timer_->cancel();  // the body has no deadline

  Response head;
  const auto& header = parser_->get();
  head.status = static_cast<int>(header.result_int());
  for (const auto& field : header) {
    head.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  try {
    if (callbacks_.onHead) callbacks_.onHead(head);
  } catch (const std::exception& e) {
    fail(std::string("The stream's head callback threw: ") + e.what());
    return;
  }
  if (done_) return;
  if (parser_->is_done()) {
    connection_->close();
    finish(Nothing{});
    return;
  }
  doReadBody();
}

void StreamExchange::doReadBody()
{
  auto& body = parser_->get().body();
  body.data = bodyBuffer_.data();
  body.size = bodyBuffer_.size();
  connection_->visit([&](auto& stream) {
    bhttp::async_read_some(
        stream, connection_->buffer, *parser_,
        [self = shared_from_this()](const error_code& ec, size_t) { self->onReadBody(ec); });
  });
}

void StreamExchange::onReadBody(error_code ec)
{
  if (done_) return;
  if (ec == bhttp::error::need_buffer) ec = {};  // our buffer filled up: deliver and go on
  if (!parser_->chunked()) {
    size_t got = bodyBuffer_.size() - parser_->get().body().size;
    if (got > 0 && !deliver(std::string(bodyBuffer_.data(), got))) return;
  }
  if (ec == bhttp::error::end_of_stream && parser_->is_done()) ec = {};
  if (ec) {
    fail("The stream " + what_ + " from " + endpoint_.toString() + " broke: " +
         (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message
              ? std::string("the server closed the connection in the middle of the body")
              : ec.message()));
    return;
  }
  if (parser_->is_done()) {
    connection_->close();
    finish(Nothing{});
    return;
  }
  doReadBody();
}

size_t StreamExchange::onChunkBody(uint64_t remain, beast::string_view body, error_code& ec)
{
  if (chunk_.size() + body.size() > core_->options.maxResponseBytes) {
    ec = bhttp::error::body_limit;
    return 0;
  }
  chunk_.append(body.data(), body.size());
  if (remain == body.size()) {  // the chunk is complete
    std::string piece;
    piece.swap(chunk_);
    if (!deliver(std::move(piece))) ec = net::error::operation_aborted;
  }
  return body.size();
}

bool StreamExchange::deliver(std::string piece)
{
  if (done_) return false;
  try {
    if (callbacks_.onChunk) callbacks_.onChunk(std::move(piece));
  } catch (const std::exception& e) {
    fail(std::string("The stream's chunk callback threw: ") + e.what());
    return false;
  }
  return !done_;
}

void StreamExchange::fail(const std::string& message)
{
  connection_->close();
  if (cancelled_) {
    finish(Nothing{});
  } else if (timedOut_) {
    finish(Error("Timed out after " + formatDuration(headTimeout_) +
                 " waiting for the response head of " + what_ + " from " + endpoint_.toString()));
  } else {
    finish(Error(message));
  }
}

void StreamExchange::finish(Try<Nothing> result)
{
  if (done_) return;
  done_ = true;
  if (timer_) timer_->cancel();
  promise_.complete(std::move(result));
}

}  // namespace nucleus::http::internal
