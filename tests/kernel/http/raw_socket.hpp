#pragma once

// Test helper: a blocking TCP client on 127.0.0.1 that sends raw bytes and
// reads raw bytes with a deadline, so that tests can check the exact wire
// format (chunk framing, status lines) and misbehave on purpose (send half a
// request, malformed HTTP, vanish mid-stream).
//
// Thread safety: one test thread owns a RawSocket.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace nucleus::testing {

class RawSocket {
 public:
  explicit RawSocket(uint16_t port);
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send(const std::string& bytes);

  // Reads until `done(received)` holds, the peer closes, or `timeout` passes;
  // returns everything received so far (also kept in received()).
  const std::string& readUntil(const std::function<bool(const std::string&)>& done,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until `text` has arrived.
  const std::string& readUntil(const std::string& text,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads one complete response (Content-Length or chunked body).
  const std::string& readResponse(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until the peer closes; true if it did within `timeout`.
  bool readToEof(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  const std::string& received() const { return received_; }
  bool eof() const { return eof_; }
  // Drops what was received so far (before reading the next response).
  void clear() { received_.clear(); }
  void close();

 private:
  int fd_ = -1;
  bool eof_ = false;
  std::string received_;
};

// Whether `bytes` holds one complete HTTP response.
bool completeResponse(const std::string& bytes);

// The status code of the response at the start of `bytes`, or 0.
int statusOf(const std::string& bytes);

// The body of the (Content-Length or chunked) response in `bytes`.
std::string bodyOf(const std::string& bytes);

}  // namespace nucleus::testing
