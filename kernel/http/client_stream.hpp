#pragma once

// Internal: one HttpClient::stream(): a dedicated connection (never pooled),
// the request, the response head within the head timeout, then the body piece
// by piece (one callback per HTTP chunk for a chunked body) with no deadline,
// until the end, an error or cancel().
//
// Thread safety: every step runs on the connection's strand; cancel() may be
// called from any thread (it posts there).

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/http/beast_convert.hpp"
#include "kernel/http/client_core.hpp"

namespace nucleus::http::internal {

class StreamExchange : public std::enable_shared_from_this<StreamExchange> {
 public:
  StreamExchange(std::shared_ptr<ClientCore> core, Endpoint endpoint, Request request,
                 StreamCallbacks callbacks, std::chrono::milliseconds headTimeout);

  Future<Nothing> start();
  void cancel();

 private:
  void begin();
  void onConnected(const std::string& error);
  void onWrite(const boost::system::error_code& ec);
  void doReadHeader();
  void onReadHeader(const boost::system::error_code& ec);
  void doReadBody();
  void onReadBody(boost::system::error_code ec);
  size_t onChunkBody(uint64_t remain, boost::beast::string_view body,
                     boost::system::error_code& ec);
  bool deliver(std::string piece);
  void fail(const std::string& message);
  void finish(Try<Nothing> result);

  using Parser = boost::beast::http::response_parser<boost::beast::http::buffer_body>;

  std::shared_ptr<ClientCore> core_;
  const Endpoint endpoint_;
  const Request request_;
  const std::string what_;
  StreamCallbacks callbacks_;
  const std::chrono::milliseconds headTimeout_;

  std::shared_ptr<Connection> connection_;
  std::optional<boost::asio::steady_timer> timer_;
  std::optional<BeastRequest> message_;
  std::optional<Parser> parser_;
  // Beast keeps references to these; they live as long as the parser.
  std::function<void(uint64_t, boost::beast::string_view, boost::system::error_code&)> chunkHeader_;
  std::function<size_t(uint64_t, boost::beast::string_view, boost::system::error_code&)> chunkBody_;
  std::string chunk_;
  std::vector<char> bodyBuffer_;

  bool headSeen_ = false;
  bool timedOut_ = false;
  bool cancelled_ = false;
  bool done_ = false;
  Promise<Nothing> promise_;
};

}  // namespace nucleus::http::internal
