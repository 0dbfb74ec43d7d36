#include "raw_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>

namespace nucleus::testing {

RawSocket::RawSocket(uint16_t port)
{
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) close();
}

RawSocket::~RawSocket()
{
  close();
}

void RawSocket::close()
{
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool RawSocket::send(const std::string& bytes)
{
  size_t sent = 0;
  while (fd_ >= 0 && sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return fd_ >= 0;
}

const std::string& RawSocket::readUntil(const std::function<bool(const std::string&)>& done,
                                        std::chrono::milliseconds timeout)
{
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (fd_ >= 0 && !eof_ && !done(received_)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0) {
      eof_ = true;
      break;
    }
    received_.append(buffer, static_cast<size_t>(n));
  }
  return received_;
}

const std::string& RawSocket::readUntil(const std::string& text, std::chrono::milliseconds timeout)
{
  return readUntil([&](const std::string& r) { return r.find(text) != std::string::npos; },
                   timeout);
}

const std::string& RawSocket::readResponse(std::chrono::milliseconds timeout)
{
  return readUntil(completeResponse, timeout);
}

bool RawSocket::readToEof(std::chrono::milliseconds timeout)
{
  readUntil([](const std::string&) { return false; }, timeout);
  return eof_;
}

namespace {

std::string lower(std::string text)
{
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Decodes a chunked body starting at `at`; false while incomplete.
bool dechunk(const std::string& bytes, size_t at, std::string& body)
{
  body.clear();
  while (true) {
    size_t eol = bytes.find("\r\n", at);
    if (eol == std::string::npos) return false;
    size_t size = std::strtoul(bytes.substr(at, eol - at).c_str(), nullptr, 16);
    at = eol + 2;
    if (size == 0) return bytes.find("\r\n", at) != std::string::npos;
    if (bytes.size() < at + size + 2) return false;
    body += bytes.substr(at, size);
    at += size + 2;
  }
}

bool parse(const std::string& bytes, std::string& body)
{
  size_t end = bytes.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::string head = lower(bytes.substr(0, end));
  size_t start = end + 4;
  if (head.find("transfer-encoding: chunked") != std::string::npos) {
    return dechunk(bytes, start, body);
  }
  size_t length = 0;
  if (size_t at = head.find("content-length:"); at != std::string::npos) {
    length = std::strtoul(head.c_str() + at + 15, nullptr, 10);
  }
  if (bytes.size() < start + length) return false;
  body = bytes.substr(start, length);
  return true;
}

}  // namespace

bool completeResponse(const std::string& bytes)
{
  std::string body;
  return parse(bytes, body);
}

int statusOf(const std::string& bytes)
{
  if (bytes.rfind("HTTP/1.", 0) != 0 || bytes.size() < 12) return 0;
  return std::atoi(bytes.c_str() + 9);
}

std::string bodyOf(const std::string& bytes)
{
  std::string body;
  parse(bytes, body);
  return body;
}

}  // namespace nucleus::testing
