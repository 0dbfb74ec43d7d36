// Session, part two: streaming responses (see session.hpp). The members
// defined here are explicitly instantiated at the end, as session.cpp does for
// the rest.

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>

#include <cstdio>

#include "kernel/common/logging.hpp"
#include "kernel/http/rejections.hpp"
#include "kernel/http/session.hpp"

namespace nucleus::http::internal {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

namespace {

std::string hex(size_t n)
{
  char text[24];
  int length = std::snprintf(text, sizeof(text), "%zx", n);
  return std::string(text, static_cast<size_t>(length));
}

}  // namespace

template <class S>
void Session<S>::doStreamHead(Response response)
{
  phase_ = Phase::Streaming;
  pipe_ = std::move(response.stream);
  chunked_ = version_ >= 11;  // HTTP/1.0 has no chunks: raw bytes, then close
  streamHead_.emplace();
  copyHead(response, version_, *streamHead_);
  if (chunked_) streamHead_->chunked(true);
  // The connection ends with the stream.
  streamHead_->keep_alive(false);
  streamSerializer_.emplace(*streamHead_);
  writing_ = true;
  arm(options_.writeTimeout);
  bhttp::async_write_header(
      stream_, *streamSerializer_,
      [self = self()](const error_code& ec, size_t) { self->onStreamHead(ec); });
}

template <class S>
bool Session<S>::streamWriteDone(const error_code& ec)
{
  writing_ = false;
  if (closed_) return false;
  disarm();
  if (ec) {
    pipe_->abort("the client went away (" + ec.message() + ")");
    closeSocket();
    return false;
  }
  return true;
}

template <class S>
void Session<S>::onStreamHead(const error_code& ec)
{
  if (!streamWriteDone(ec)) return;
  std::weak_ptr<Session> weak = self();
  pipe_->attach([weak, executor = stream_.get_executor()] {
    net::post(executor, [weak] {
      if (auto session = weak.lock()) session->doStreamWrite();
    });
  });
  doWatchPeer();
  doStreamWrite();
}

template <class S>
void Session<S>::doStreamWrite()
{
  if (closed_ || writing_ || streamDone_) return;
  Stream::Batch batch = pipe_->take();
  if (batch.aborted) {
    log::debug("HTTP stream {} to {} cut off: {}", what_, remote_, pipe_->closeReason());
    closeSocket();
    return;
  }
  out_.clear();
  for (auto& chunk : batch.chunks) {
    // Each write() is its own chunk: Mesos clients read one record per chunk.
    if (chunked_) out_.push_back(hex(chunk.size()) + "\r\n");
    out_.push_back(std::move(chunk));
    if (chunked_) out_.push_back("\r\n");
  }
  if (batch.ended) {
    if (chunked_) out_.push_back("0\r\n\r\n");
    streamDone_ = true;
  }
  if (out_.empty()) {
    if (streamDone_) endStream();
    return;
  }
  std::vector<net::const_buffer> buffers;
  buffers.reserve(out_.size());
  for (const auto& piece : out_) buffers.push_back(net::buffer(piece));
  writing_ = true;
  arm(options_.writeTimeout);
  net::async_write(stream_, buffers,
                   [self = self()](const error_code& ec, size_t) { self->onStreamWrite(ec); });
}

template <class S>
void Session<S>::onStreamWrite(const error_code& ec)
{
  if (!streamWriteDone(ec)) return;
  if (streamDone_) {
    endStream();
    return;
  }
  doStreamWrite();
}

template <class S>
void Session<S>::endStream()
{
  ++served_;
  core_->requestsServed++;
  phase_ = Phase::Closing;
  if (watching_) {
    // Stop watching the client first (TLS allows one read at a time, and the
    // close needs it); onPeerRead then closes.
    error_code ignored;
    socket().cancel(ignored);
    return;
  }
  doClose(false);
}

template <class S>
void Session<S>::doWatchPeer()
{
  // A read kept pending while streaming: it completes when the client leaves,
  // which is how the producer learns of it promptly (Stream::onClosed).
  watching_ = true;
  stream_.async_read_some(net::buffer(scratch_),
                          [self = self()](const error_code& ec, size_t) { self->onPeerRead(ec); });
}

template <class S>
void Session<S>::onPeerRead(const error_code& ec)
{
  watching_ = false;
  if (closed_) return;
  if (streamDone_) {
    if (!writing_) doClose(false);  // else endStream() closes once the terminator is out
    return;
  }
  if (ec) {
    log::debug("HTTP stream {} to {}: the client went away ({})", what_, remote_, ec.message());
    pipe_->abort("the client went away (" + ec.message() + ")");
    closeSocket();
    return;
  }
  doWatchPeer();  // what a client sends during a stream is ignored
}

template void Session<PlainStream>::doStreamHead(Response);
template bool Session<PlainStream>::streamWriteDone(const error_code&);
template void Session<PlainStream>::onStreamHead(const error_code&);
template void Session<PlainStream>::doStreamWrite();
template void Session<PlainStream>::onStreamWrite(const error_code&);
template void Session<PlainStream>::endStream();
template void Session<PlainStream>::doWatchPeer();
template void Session<PlainStream>::onPeerRead(const error_code&);
template void Session<TlsStream>::doStreamHead(Response);
template bool Session<TlsStream>::streamWriteDone(const error_code&);
template void Session<TlsStream>::onStreamHead(const error_code&);
template void Session<TlsStream>::doStreamWrite();
template void Session<TlsStream>::onStreamWrite(const error_code&);
template void Session<TlsStream>::endStream();
template void Session<TlsStream>::doWatchPeer();
template void Session<TlsStream>::onPeerRead(const error_code&);

}  // namespace nucleus::http::internal
