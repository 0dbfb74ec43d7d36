#include "kernel/http/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509err.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace nucleus::http {

namespace ssl = boost::asio::ssl;

namespace {

struct PemFile {
  const char* flag;  // "--ssl_cert_file"
  const char* what;  // "a PEM certificate"
};

constexpr PemFile kCert{"--ssl_cert_file", "a PEM certificate (chain)"};
constexpr PemFile kKey{"--ssl_key_file", "a PEM private key"};
constexpr PemFile kCa{"--ssl_ca_file", "a PEM CA certificate bundle"};

std::string prefix(const PemFile& file, const std::string& path)
{
  return std::string("Failed to load ") + file.flag + " '" + path + "': ";
}

// Checks what a user most often gets wrong (a wrong path, permissions) before
// OpenSSL does, so that the message says so plainly.
Try<Nothing> checkReadable(const PemFile& file, const std::string& path)
{
  auto fix = std::string("; point it at ") + file.what;
  if (path.empty()) {
    return Error(std::string(file.flag) + " is not set; point it at " + file.what);
  }
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Error(prefix(file, path) + "no such file" + fix);
  if (std::filesystem::is_directory(path, ec)) {
    return Error(prefix(file, path) + "it is a directory" + fix);
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Error(prefix(file, path) + std::strerror(errno) + fix);
  std::fclose(f);
  return Nothing{};
}

// OpenSSL's own reason for the last failure ("no start line"), clearing its queue.
std::string opensslReason(const boost::system::error_code& ec)
{
  unsigned long code = ERR_peek_last_error();
  std::string reason;
  if (code != 0) {
    const char* text = ERR_reason_error_string(code);
    reason = text ? text : "";
  }
  ERR_clear_error();
  if (reason.empty()) reason = ec ? ec.message() : "unknown OpenSSL error";
  return reason;
}

Try<Nothing> loadIdentity(ssl::context& context, const TlsOptions& options)
{
  if (auto ok = checkReadable(kCert, options.certFile); !ok) return ok;
  if (auto ok = checkReadable(kKey, options.keyFile); !ok) return ok;

  boost::system::error_code ec;
  context.use_certificate_chain_file(options.certFile, ec);
  if (ec) {
    return Error(prefix(kCert, options.certFile) + opensslReason(ec) + "; point it at " +
                 kCert.what);
  }
  auto mismatch = [&] {
    ERR_clear_error();
    return Error(prefix(kKey, options.keyFile) + "the key does not match the certificate in " +
                 "--ssl_cert_file '" + options.certFile + "'; use the key the certificate was " +
                 "issued for");
  };
  context.use_private_key_file(options.keyFile, ssl::context::pem, ec);
  if (ec) {
    // OpenSSL compares the key with the certificate while loading it.
    // (Asio has already taken the error off OpenSSL's queue into `ec`.)
    if (ec.category() == boost::asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
      return mismatch();
    }
    return Error(prefix(kKey, options.keyFile) + opensslReason(ec) + "; point it at " + kKey.what +
                 " (unencrypted)");
  }
  if (SSL_CTX_check_private_key(context.native_handle()) != 1) return mismatch();
  return Nothing{};
}

Try<Nothing> loadCa(ssl::context& context, const std::string& caFile)
{
  if (auto ok = checkReadable(kCa, caFile); !ok) return ok;
  boost::system::error_code ec;
  context.load_verify_file(caFile, ec);
  if (ec) return Error(prefix(kCa, caFile) + opensslReason(ec) + "; point it at " + kCa.what);
  return Nothing{};
}

Try<TlsContext> newContext(ssl::context::method method)
{
  try {
    auto context = std::make_shared<ssl::context>(method);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
      return Error("Failed to restrict TLS to version 1.2 and later: " +
                   opensslReason(boost::system::error_code()));
    }
    return context;
  } catch (const boost::system::system_error& e) {
    return Error(std::string("Failed to create a TLS context: ") + e.what());
  }
}

}  // namespace

Try<TlsContext> makeServerContext(const TlsOptions& options)
{
  Try<TlsContext> context = newContext(ssl::context::tls_server);
  if (!context) return context;
  if (auto ok = loadIdentity(**context, options); !ok) return ok.error();

  if (options.requireClientCert) {
    if (options.caFile.empty()) {
      return Error(
          "--ssl_require_client_cert needs --ssl_ca_file: point it at the PEM CA bundle "
          "that signs the client certificates");
    }
    if (auto ok = loadCa(**context, options.caFile); !ok) return ok.error();
    // Tell clients which CAs we accept, so they pick the right certificate.
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(options.caFile.c_str())) {
      SSL_CTX_set_client_CA_list((*context)->native_handle(), names);
    }
    ERR_clear_error();
    (*context)->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  } else {
    (*context)->set_verify_mode(ssl::verify_none);
  }
  return context;
}

Try<TlsContext> makeClientContext(const TlsOptions& options)
{
  Try<TlsContext> context = newContext(ssl::context::tls_client);
  if (!context) return context;

  if (!options.certFile.empty() || !options.keyFile.empty()) {
    if (auto ok = loadIdentity(**context, options); !ok) return ok.error();
  }
  if (!options.caFile.empty()) {
    if (auto ok = loadCa(**context, options.caFile); !ok) return ok.error();
    (*context)->set_verify_mode(ssl::verify_peer);
  } else {
    (*context)->set_verify_mode(ssl::verify_none);
  }
  return context;
}

}  // namespace nucleus::http
