#include "kernel/http/session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <limits>

#include "kernel/common/logging.hpp"
#include "kernel/http/rejections.hpp"

namespace nucleus::http::internal {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

namespace {

std::string_view view(beast::string_view text)
{
  return {text.data(), text.size()};
}

bool isHttpParseError(const error_code& ec)
{
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

// The client went away (or we cancelled): nothing to answer.
bool isDisconnect(const error_code& ec)
{
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::operation_aborted || ec == net::ssl::error::stream_truncated;
}

template <class S>
S makeStream(net::ip::tcp::socket socket, ServerCore& core)
{
  if constexpr (std::is_same_v<S, TlsStream>) {
    return S(std::move(socket), *core.tls);
  } else {
    return S(std::move(socket));
  }
}

}  // namespace

template <class S>
Session<S>::Session(std::shared_ptr<ServerCore> core, uint64_t id, net::ip::tcp::socket socket)
    : core_(std::move(core)),
      options_(core_->options),
      id_(id),
      stream_(makeStream<S>(std::move(socket), *core_)),
      timer_(stream_.get_executor())
{
}

template <class S>
Session<S>::~Session()
{
  if (!closed_) {
    closed_ = true;
    if (pipe_) pipe_->abort("the connection closed");
    core_->sessionClosed(id_);
  }
}

template <class S>
void Session<S>::run()
{
  error_code ec;
  auto peer = socket().remote_endpoint(ec);
  remote_ =
      ec ? std::string("unknown") : peer.address().to_string() + ":" + std::to_string(peer.port());
  net::dispatch(stream_.get_executor(), [self = self()] {
    if constexpr (kTls) {
      self->doHandshake();
    } else {
      self->doWaitForRequest();
    }
  });
}

template <class S>
void Session<S>::shutdown()
{
  net::post(stream_.get_executor(), [self = self()] {
    self->stopping_ = true;
    switch (self->phase_) {
      case Phase::Handshake:
      case Phase::Idle:
        self->closeSocket();
        break;
      case Phase::Reading:
        // Nothing of a request arrived yet: as good as idle.
        if ((!self->parser_ || !self->parser_->got_some()) && self->buffer_.size() == 0) {
          self->closeSocket();
        }
        break;
      case Phase::Streaming:
        if (self->pipe_) self->pipe_->finish("the server is stopping");
        break;
      default:
        break;  // in flight: the response goes out with `Connection: close`
    }
  });
}

template <class S>
void Session<S>::abort()
{
  net::post(stream_.get_executor(), [self = self()] { self->closeSocket(); });
}

// --- TLS: detect, then handshake ---

template <class S>
void Session<S>::doHandshake()
{
  phase_ = Phase::Handshake;
  arm(options_.requestTimeout);
  beast::async_detect_ssl(socket(), buffer_, [self = self()](const error_code& ec, bool isTls) {
    self->onDetect(ec, isTls);
  });
}

template <class S>
void Session<S>::onDetect(const error_code& ec, bool isTls)
{
  if (closed_) return;
  if (ec) {
    closeSocket();
    return;
  }
  if (!isTls) {
    // Answer in plain text what the client did wrong rather than leave it guessing.
    core_->requestsRejected++;
    rawResponse_ = plainRequestToTlsPort();
    arm(options_.writeTimeout);
    net::async_write(socket(), net::buffer(rawResponse_),
                     [self = self()](const error_code& error, size_t) {
                       if (self->closed_) return;
                       if (error) {
                         self->closeSocket();
                         return;
                       }
                       error_code ignored;
                       self->socket().shutdown(net::socket_base::shutdown_send, ignored);
                       self->phase_ = Phase::Closing;
                       self->arm(kCloseGrace);
                       self->doDrain();
                     });
    return;
  }
  if constexpr (kTls) {
    stream_.async_handshake(
        net::ssl::stream_base::server, buffer_.data(),
        [self = self()](const error_code& error, size_t used) { self->onHandshake(error, used); });
  }
}

template <class S>
void Session<S>::onHandshake(const error_code& ec, size_t used)
{
  if (closed_) return;
  if (ec) {
    log::debug("TLS handshake with {} failed: {}", remote_, ec.message());
    closeSocket();
    return;
  }
  buffer_.consume(used);
  disarm();
  doWaitForRequest();
}

// --- Reading a request ---

template <class S>
void Session<S>::doWaitForRequest()
{
  if (closed_) return;
  phase_ = Phase::Idle;
  timedOut_ = false;
  if (stopping_) {
    doClose(false);
    return;
  }
  if (buffer_.size() > 0) {  // a pipelined request is already here
    doReadHeader();
    return;
  }
  arm(served_ == 0 ? options_.requestTimeout : options_.idleTimeout);
  stream_.async_read_some(buffer_.prepare(4096), [self = self()](const error_code& ec, size_t n) {
    self->onWaitForRequest(ec, n);
  });
}

template <class S>
void Session<S>::onWaitForRequest(const error_code& ec, size_t bytes)
{
  if (closed_) return;
  buffer_.commit(bytes);
  if (ec) {
    closeSocket();  // the client closed an idle connection, or it idled out
    return;
  }
  doReadHeader();
}

template <class S>
void Session<S>::doReadHeader()
{
  phase_ = Phase::Reading;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(options_.maxHeaderBytes, std::numeric_limits<std::uint32_t>::max())));
  // No body limit yet (boost::none misbehaves in Beast 1.74): it is checked
  // against Content-Length below, so that the 413 can say the size.
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  arm(options_.requestTimeout);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = self()](const error_code& ec, size_t) { self->onReadHeader(ec); });
}

template <class S>
void Session<S>::onReadHeader(const error_code& ec)
{
  if (closed_) return;
  if (ec) {
    onReadError(ec);
    return;
  }
  const auto& header = parser_->get();
  what_ = std::string(header.method_string()) + " " + std::string(header.target().substr(0, 200));
  version_ = header.version();
  // Beast refuses versions other than 1.0 and 1.1 with "bad version" (400).
  if (auto length = parser_->content_length(); length && *length > options_.maxBodyBytes) {
    doReject(bodyTooLarge(*length, options_.maxBodyBytes));
    return;
  }
  parser_->body_limit(options_.maxBodyBytes);

  // curl and others wait for "100 Continue" before sending a large body.
  if (equalsIgnoreCase(view(header[bhttp::field::expect]), "100-continue") && !parser_->is_done()) {
    rawResponse_ = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(stream_, net::buffer(rawResponse_),
                     [self = self()](const error_code& error, size_t) {
                       if (self->closed_) return;
                       if (error) {
                         self->closeSocket();
                         return;
                       }
                       self->doReadBody();
                     });
    return;
  }
  doReadBody();
}

template <class S>
void Session<S>::doReadBody()
{
  if (parser_->is_done()) {
    onReadBody({});
    return;
  }
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = self()](const error_code& ec, size_t) { self->onReadBody(ec); });
}

template <class S>
void Session<S>::onReadBody(const error_code& ec)
{
  if (closed_) return;
  if (ec) {
    onReadError(ec);
    return;
  }
  disarm();
  doHandle();
}

template <class S>
void Session<S>::onReadError(const error_code& ec)
{
  if (timedOut_) {
    doReject(requestTimedOut(options_.requestTimeout));
  } else if (ec == bhttp::error::header_limit) {
    doReject(headersTooLarge(options_.maxHeaderBytes));
  } else if (ec == bhttp::error::body_limit) {
    doReject(bodyTooLarge(std::nullopt, options_.maxBodyBytes));
  } else if (isDisconnect(ec)) {
    closeSocket();
  } else if (isHttpParseError(ec)) {
    doReject(malformedRequest(ec.message()));
  } else {
    log::debug("Failed to read an HTTP request from {}: {}", remote_, ec.message());
    closeSocket();
  }
}

// --- Handling ---

template <class S>
void Session<S>::doHandle()
{
  phase_ = Phase::Handling;
  Try<Request> request = fromBeast(parser_->release());
  parser_.reset();
  if (!request) {
    doReject(malformedRequest(request.message()));
    return;
  }
  request->remoteAddress = remote_;
  request->secure = kTls;
  keepAlive_ = request->keepAlive && !stopping_;
  head_ = request->method == "HEAD";
  log::debug("HTTP {} from {}", what_, remote_);

  uint64_t generation = ++handling_;
  arm(options_.handlerTimeout);
  Future<Response> response = core_->dispatch(std::move(*request));
  std::weak_ptr<Session> weak = self();
  response.onAny(stream_.get_executor(), [weak, generation](const Try<Response>& result) {
    if (auto session = weak.lock()) {
      session->onHandled(generation, result);
    } else if (result && result->stream) {
      result->stream->abort("the client went away before the response was sent");
    }
  });
}

template <class S>
void Session<S>::onHandled(uint64_t generation, const Try<Response>& result)
{
  if (closed_ || phase_ != Phase::Handling || generation != handling_) {
    // Too late: the client got a 503 already, or left.
    if (result && result->stream) {
      result->stream->abort("the response came after the client was answered or had gone");
    }
    return;
  }
  disarm();
  Response response = result ? *result : handlerFailed(what_, result.error().message);
  if (response.stream) {
    doStreamHead(std::move(response));
    return;
  }
  doWrite(std::move(response), !keepAlive_);
}

// --- Writing a response ---

template <class S>
void Session<S>::doWrite(Response response, bool close, bool linger)
{
  close = close || stopping_;
  phase_ = Phase::Writing;
  size_t size = response.body.size();
  response_.emplace(toBeast(std::move(response), version_, !close));
  if (head_) {
    // HEAD: the head of the response a GET would get, without its body.
    response_->body().clear();
    response_->content_length(size);
  }
  arm(options_.writeTimeout);
  bhttp::async_write(stream_, *response_,
                     [self = self(), close, linger](const error_code& ec, size_t) {
                       self->onWrite(ec, close, linger);
                     });
}

template <class S>
void Session<S>::onWrite(const error_code& ec, bool close, bool linger)
{
  if (closed_) return;
  disarm();
  response_.reset();
  if (ec) {
    closeSocket();
    return;
  }
  ++served_;
  core_->requestsServed++;
  if (close || stopping_) {
    doClose(linger);
    return;
  }
  doWaitForRequest();
}

template <class S>
void Session<S>::doReject(Response response)
{
  core_->requestsRejected++;
  log::debug("HTTP request from {} rejected with {}", remote_, statusText(response.status));
  keepAlive_ = false;
  head_ = false;
  // The client may still be sending (a body over the limit): linger so that
  // closing does not reset the connection before it reads the answer.
  doWrite(std::move(response), true, true);
}

template class Session<PlainStream>;
template class Session<TlsStream>;

}  // namespace nucleus::http::internal
