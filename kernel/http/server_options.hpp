#pragma once

// The HTTP server's settings: where it listens, TLS, and the limits and
// timeouts that keep one client from holding resources forever (see
// docs/http.md for what a client sees when it hits each one).
//
// Thread safety: a plain value.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "kernel/http/tls.hpp"

namespace nucleus::http {

struct ServerOptions {
  std::string ip = "0.0.0.0";
  uint16_t port = 0;  // 0: an ephemeral port; start() reports the one bound
  TlsOptions tls;     // tls.enabled: the port speaks HTTPS only

  size_t maxHeaderBytes = 64 * 1024;       // request line + header fields; over it: 431
  size_t maxBodyBytes = 16 * 1024 * 1024;  // request body (after de-chunking); over it: 413
  std::chrono::milliseconds requestTimeout = std::chrono::seconds(30);  // reading a request: 408
  std::chrono::milliseconds handlerTimeout = std::chrono::seconds(60);  // response head due: 503
  std::chrono::milliseconds idleTimeout = std::chrono::minutes(5);    // keep-alive between requests
  std::chrono::milliseconds writeTimeout = std::chrono::seconds(30);  // one response or chunk write
  std::chrono::milliseconds stopTimeout = std::chrono::seconds(5);    // in-flight work at stop()
};

}  // namespace nucleus::http
