#pragma once

// TLS settings and the OpenSSL contexts built from them. The flags map onto
// TlsOptions one to one:
//
//   --ssl_enabled              enabled
//   --ssl_cert_file            certFile   (PEM certificate chain, server first)
//   --ssl_key_file             keyFile    (PEM private key)
//   --ssl_ca_file              caFile     (PEM CA bundle that signs the peers)
//   --ssl_require_client_cert  requireClientCert
//
// Only TLS 1.2 and later are offered. A server with requireClientCert refuses,
// during the handshake, a client without a certificate signed by caFile. A
// client verifies the server against caFile when one is given (and then checks
// the server's name or IP address); without caFile it does not verify, as
// Mesos 1.5 by default.
//
// Errors name the flag, the file and the fix: "Failed to load --ssl_key_file
// '/x/key.pem': no such file; point it at a PEM private key".
//
// Thread safety: the functions are safe to call from any thread; a context is
// read-only once built and shared by every connection.

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "nucleus/module/try.hpp"

namespace nucleus::http {

struct TlsOptions {
  bool enabled = false;
  std::string certFile;
  std::string keyFile;
  std::string caFile;
  bool requireClientCert = false;
};

using TlsContext = std::shared_ptr<boost::asio::ssl::context>;

// The context a TLS server uses; needs certFile and keyFile (and caFile when
// requireClientCert is set).
Try<TlsContext> makeServerContext(const TlsOptions& options);

// The context a client uses; certFile and keyFile (both or neither) are the
// client's own certificate, for servers that require one.
Try<TlsContext> makeClientContext(const TlsOptions& options);

}  // namespace nucleus::http
