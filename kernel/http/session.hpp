#pragma once

// Internal: one server connection, in the shape of the Boost.Beast async
// server examples: the session owns a strand (its socket's executor); each
// step is a doX/onX pair; errors are error_code values. Templated on the
// stream, plain TCP or TLS, and explicitly instantiated for both in its three
// sources: session.cpp (reading, handling, writing), session_stream.cpp
// (streaming responses) and session_close.cpp (closing, deadlines).
//
// The steps of one connection:
//   [TLS: detect (plain HTTP gets 400) -> handshake]
//   wait for the first byte  (requestTimeout for the first request, idleTimeout after)
//   read header -> read body (requestTimeout from the first byte: else 408)
//   handle                   (handlerTimeout for the response head: else 503)
//   write the response       (writeTimeout) -> next request, or close
//   or stream: head, then one chunk per Stream::write(), a read kept pending
//   to notice the client leaving, the terminating chunk, close.
//
// One timer serves every deadline; a generation number tells a stale expiry
// from the current one.
//
// Thread safety: every member runs on the session's strand; shutdown() and
// abort() may be called from any thread (they post to it).

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/http/beast_convert.hpp"
#include "kernel/http/listener.hpp"
#include "kernel/http/stream.hpp"

namespace nucleus::http::internal {

using PlainStream = boost::asio::ip::tcp::socket;
using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

template <class S>
class Session : public SessionHandle, public std::enable_shared_from_this<Session<S>> {
 public:
  // Wraps `socket` (whose executor is this session's strand) in the stream.
  Session(std::shared_ptr<ServerCore> core, uint64_t id, boost::asio::ip::tcp::socket socket);
  ~Session() override;

  void run();
  void shutdown() override;
  void abort() override;

 private:
  enum class Phase { Handshake, Idle, Reading, Handling, Writing, Streaming, Closing, Closed };
  static constexpr bool kTls = std::is_same_v<S, TlsStream>;
  // How long a closing connection may take to exchange TLS close_notify, or to
  // drain what the client still sends after a rejection (so that closing does
  // not reset the connection before the client reads the answer).
  static constexpr auto kCloseGrace = std::chrono::seconds(1);
  // Past this, a client still sending a rejected body is cut off.
  static constexpr size_t kMaxDrainBytes = 1024 * 1024;

  void doHandshake();
  void onDetect(const boost::system::error_code& ec, bool isTls);
  void onHandshake(const boost::system::error_code& ec, size_t used);

  void doWaitForRequest();
  void onWaitForRequest(const boost::system::error_code& ec, size_t bytes);
  void doReadHeader();
  void onReadHeader(const boost::system::error_code& ec);
  void doReadBody();
  void onReadBody(const boost::system::error_code& ec);
  void onReadError(const boost::system::error_code& ec);

  void doHandle();
  void onHandled(uint64_t generation, const Try<Response>& result);

  void doWrite(Response response, bool close, bool linger = false);
  void onWrite(const boost::system::error_code& ec, bool close, bool linger);
  void doReject(Response response);

  void doStreamHead(Response response);
  // Ends a stream write (head or chunks); false when the session must stop here.
  bool streamWriteDone(const boost::system::error_code& ec);
  void onStreamHead(const boost::system::error_code& ec);
  void doStreamWrite();
  void onStreamWrite(const boost::system::error_code& ec);
  void doWatchPeer();
  void onPeerRead(const boost::system::error_code& ec);
  void endStream();

  void doClose(bool linger);
  void doDrain();
  void closeSocket();

  void arm(std::chrono::steady_clock::duration after);
  void disarm();
  void onDeadline();

  boost::asio::ip::tcp::socket& socket() { return boost::beast::get_lowest_layer(stream_); }
  std::shared_ptr<Session> self() { return this->shared_from_this(); }

  std::shared_ptr<ServerCore> core_;
  const ServerOptions& options_;
  const uint64_t id_;
  S stream_;
  std::string remote_;
  boost::beast::flat_buffer buffer_;
  boost::asio::steady_timer timer_;
  uint64_t deadline_ = 0;  // generation of the armed deadline

  Phase phase_ = Phase::Idle;
  bool closed_ = false;
  bool stopping_ = false;
  bool timedOut_ = false;
  size_t served_ = 0;  // requests answered on this connection

  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::string what_;  // "GET /path" of the request in flight, for messages
  unsigned version_ = 11;
  bool keepAlive_ = true;
  bool head_ = false;      // a HEAD request: no body goes out
  uint64_t handling_ = 0;  // generation of the handler call in flight
  std::optional<BeastResponse> response_;
  std::string rawResponse_;

  // Streaming.
  std::shared_ptr<Stream> pipe_;
  std::optional<boost::beast::http::response<boost::beast::http::empty_body>> streamHead_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::empty_body>>
      streamSerializer_;
  bool chunked_ = true;      // HTTP/1.0 gets the raw bytes and a close instead
  bool writing_ = false;     // a chunk write is in flight
  bool watching_ = false;    // the peer read is pending
  bool streamDone_ = false;  // the terminating chunk went out
  std::vector<std::string> out_;
  std::array<char, 512> scratch_{};
  size_t drained_ = 0;
};

extern template class Session<PlainStream>;
extern template class Session<TlsStream>;

}  // namespace nucleus::http::internal
