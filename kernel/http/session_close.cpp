// Session, part three: closing a connection and the deadlines (see
// session.hpp). The members defined here are explicitly instantiated at the end.

#include "kernel/common/logging.hpp"
#include "kernel/http/rejections.hpp"
#include "kernel/http/session.hpp"

namespace nucleus::http::internal {

namespace net = boost::asio;
using boost::system::error_code;

// --- Closing ---

template <class S>
void Session<S>::doClose(bool linger)
{
  if (closed_) return;
  phase_ = Phase::Closing;
  arm(kCloseGrace);
  if constexpr (kTls) {
    (void)linger;
    stream_.async_shutdown([self = self()](const error_code&) { self->closeSocket(); });
  } else {
    error_code ignored;
    socket().shutdown(net::socket_base::shutdown_send, ignored);
    if (linger) {
      doDrain();
    } else {
      closeSocket();
    }
  }
}

template <class S>
void Session<S>::doDrain()
{
  socket().async_read_some(net::buffer(scratch_), [self = self()](const error_code& ec, size_t n) {
    if (self->closed_) return;
    self->drained_ += n;
    if (ec || self->drained_ > kMaxDrainBytes) {
      self->closeSocket();
      return;
    }
    self->doDrain();
  });
}

template <class S>
void Session<S>::closeSocket()
{
  if (closed_) return;
  closed_ = true;
  phase_ = Phase::Closed;
  error_code ignored;
  socket().close(ignored);
  disarm();
  if (pipe_) pipe_->abort("the connection closed");
  core_->sessionClosed(id_);
}

// --- Deadlines ---

template <class S>
void Session<S>::arm(std::chrono::steady_clock::duration after)
{
  uint64_t generation = ++deadline_;
  timer_.expires_after(after);
  timer_.async_wait([self = self(), generation](const error_code& ec) {
    if (!ec && generation == self->deadline_) self->onDeadline();
  });
}

template <class S>
void Session<S>::disarm()
{
  ++deadline_;
  timer_.cancel();
}

template <class S>
void Session<S>::onDeadline()
{
  switch (phase_) {
    case Phase::Reading: {
      // Cancel the read; its handler answers 408.
      timedOut_ = true;
      error_code ignored;
      socket().cancel(ignored);
      break;
    }
    case Phase::Handling:
      ++handling_;  // the handler's late answer is dropped
      log::warning("HTTP handler for {} did not respond within {}", what_,
                   formatDuration(options_.handlerTimeout));
      doWrite(handlerTimedOut(what_, options_.handlerTimeout), !keepAlive_);
      break;
    case Phase::Streaming:
      pipe_->abort("the client stopped reading: a write took longer than " +
                   formatDuration(options_.writeTimeout));
      closeSocket();
      break;
    case Phase::Closed:
      break;
    default:  // handshake, idle, a stuck response write, closing
      closeSocket();
      break;
  }
}

template void Session<PlainStream>::doClose(bool);
template void Session<PlainStream>::doDrain();
template void Session<PlainStream>::closeSocket();
template void Session<PlainStream>::arm(std::chrono::steady_clock::duration);
template void Session<PlainStream>::disarm();
template void Session<PlainStream>::onDeadline();
template void Session<TlsStream>::doClose(bool);
template void Session<TlsStream>::doDrain();
template void Session<TlsStream>::closeSocket();
template void Session<TlsStream>::arm(std::chrono::steady_clock::duration);
template void Session<TlsStream>::disarm();
template void Session<TlsStream>::onDeadline();

}  // namespace nucleus::http::internal
