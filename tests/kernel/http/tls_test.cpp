#include <doctest/doctest.h>
#include <netdb.h>

#include <string>

#include "http_test_util.hpp"
#include "kernel/http/tls.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::http;
using namespace nucleus::testing;
using namespace std::chrono_literals;

namespace {

// A CA, a server certificate for localhost/127.0.0.1 and a client certificate,
// made once per test binary with the openssl CLI (EC keys: fast to make).
struct Pki {
  TempDir dir;
  std::string ca, server, serverKey, client, clientKey, otherCa;

  Pki()
  {
    std::string d = dir.path().string();
    std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    std::string script =
        "set -e; cd '" + d + "'\n" + "openssl req -x509 " + key +
        " -keyout ca.key -out ca.pem -days 2 -subj /CN=TestCA\n" + "openssl req -x509 " + key +
        " -keyout other.key -out other.pem -days 2 -subj /CN=Other\n" + "openssl req " + key +
        " -keyout server.key -out server.csr -subj /CN=localhost\n" +
        "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext\n" +
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "-extfile san.ext -out server.pem\n" +
        "openssl req " + key + " -keyout client.key -out client.csr -subj /CN=client\n" +
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "-out client.pem\n";
    Output out = shell(script + " 2>&1");
    REQUIRE_MESSAGE(out.exitCode == 0, out.out);
    ca = dir / "ca.pem";
    otherCa = dir / "other.pem";
    server = dir / "server.pem";
    serverKey = dir / "server.key";
    client = dir / "client.pem";
    clientKey = dir / "client.key";
  }
};

const Pki& pki()
{
  static Pki instance;
  return instance;
}

ServerOptions tlsOptions(bool requireClientCert = false)
{
  ServerOptions options = localOptions();
  options.tls = TlsOptions{true, pki().server, pki().serverKey, pki().ca, requireClientCert};
  return options;
}

Handler secureHandler()
{
  return [](Request request) {
    return Future<Response>(Response::ok(request.secure ? "secure" : "plain"));
  };
}

std::unique_ptr<HttpClient> clientWith(Runtime& runtime, TlsOptions options)
{
  auto context = makeClientContext(options);
  REQUIRE_MESSAGE(context.has_value(), context.message());
  ClientOptions clientOptions;
  clientOptions.tls = *context;
  return std::make_unique<HttpClient>(runtime, clientOptions);
}

}  // namespace

TEST_CASE("HTTPS: a client that trusts the CA gets its answer over one TLS connection")
{
  HttpFixture f(tlsOptions());
  f.route("GET", "/hello", secureHandler());
  f.start();

  auto client = clientWith(f.runtime, TlsOptions{false, "", "", pki().ca, false});
  Endpoint endpoint{"https", "127.0.0.1", f.port};
  for (int i = 0; i < 2; ++i) {
    auto response = client->request(endpoint, Request::get("/hello"), 5s).await(10s);
    REQUIRE_MESSAGE(response.has_value(), response.message());
    CHECK(response->body == "secure");
  }
  CHECK(client->connectionsOpened() == 1);

  // By name too (the certificate names localhost), where the machine resolves it: a
  // minimal root (debootstrap) may have no /etc/hosts.
  addrinfo* resolved = nullptr;
  if (::getaddrinfo("localhost", nullptr, nullptr, &resolved) != 0) {
    MESSAGE("skipped the check by name: 'localhost' does not resolve on this machine");
    return;
  }
  ::freeaddrinfo(resolved);
  auto named = client->request(Endpoint{"https", "localhost", f.port}, Request::get("/hello"), 5s)
                   .await(10s);
  CHECK_MESSAGE(named.has_value(), named.message());
}

TEST_CASE(
    "plain HTTP to a TLS port gets a 400 that says to use https, and vice versa fails cleanly")
{
  HttpFixture f(tlsOptions());
  f.route("GET", "/hello", secureHandler());
  f.start();

  Response response = f.fetch(Request::get("/hello"));
  CHECK(response.status == 400);
  CHECK(response.body ==
        "This port speaks HTTPS only: the client sent a plain HTTP request. Use an https:// URL");

  HttpFixture plain;
  plain.route("GET", "/hello", secureHandler());
  plain.start();
  auto client = clientWith(f.runtime, TlsOptions{false, "", "", pki().ca, false});
  auto failed =
      client->request(Endpoint{"https", "127.0.0.1", plain.port}, Request::get("/hello"), 5s)
          .await(10s);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().message.find("TLS handshake with 127.0.0.1:" + std::to_string(plain.port) +
                                    " failed: ") == 0);
}

TEST_CASE("a client verifying against another CA refuses the server")
{
  HttpFixture f(tlsOptions());
  f.route("GET", "/hello", secureHandler());
  f.start();

  auto client = clientWith(f.runtime, TlsOptions{false, "", "", pki().otherCa, false});
  auto failed = client->request(Endpoint{"https", "127.0.0.1", f.port}, Request::get("/hello"), 5s)
                    .await(10s);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().message.find("certificate verify failed") != std::string::npos);
  CHECK(failed.error().message.find("--ssl_ca_file") != std::string::npos);
}

TEST_CASE("--ssl_require_client_cert refuses a client without a certificate and accepts one with")
{
  HttpFixture f(tlsOptions(true));
  f.route("GET", "/hello", secureHandler());
  f.start();
  Endpoint endpoint{"https", "127.0.0.1", f.port};

  auto anonymous = clientWith(f.runtime, TlsOptions{false, "", "", pki().ca, false});
  auto refused = anonymous->request(endpoint, Request::get("/hello"), 5s).await(10s);
  CHECK_FALSE(refused.has_value());
  CHECK(f.server->counters().requestsServed == 0);

  auto identified =
      clientWith(f.runtime, TlsOptions{false, pki().client, pki().clientKey, pki().ca, false});
  auto accepted = identified->request(endpoint, Request::get("/hello"), 5s).await(10s);
  REQUIRE_MESSAGE(accepted.has_value(), accepted.message());
  CHECK(accepted->body == "secure");
}

TEST_CASE("TLS settings errors name the flag, the file and the fix")
{
  TempDir dir;
  std::string notPem = dir.write("not.pem", "hello\n");
  std::string missing = dir / "missing.pem";

  struct Case {
    TlsOptions options;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{true, pki().server, missing, "", false},
       "Failed to load --ssl_key_file '" + missing +
           "': no such file; point it at a PEM private key"},
      {{true, "", pki().serverKey, "", false},
       "--ssl_cert_file is not set; point it at a PEM certificate (chain)"},
      {{true, dir.path().string(), pki().serverKey, "", false},
       "Failed to load --ssl_cert_file '" + dir.path().string() +
           "': it is a directory; point it at a PEM certificate (chain)"},
      {{true, notPem, pki().serverKey, "", false},
       "Failed to load --ssl_cert_file '" + notPem + "': "},
      {{true, pki().server, pki().clientKey, "", false},
       "Failed to load --ssl_key_file '" + pki().clientKey +
           "': the key does not match the certificate in --ssl_cert_file '" + pki().server +
           "'; use the key the certificate was issued for"},
      {{true, pki().server, pki().serverKey, "", true},
       "--ssl_require_client_cert needs --ssl_ca_file: point it at the PEM CA bundle that signs "
       "the client certificates"},
      {{true, pki().server, pki().serverKey, notPem, true},
       "Failed to load --ssl_ca_file '" + notPem + "': "},
  };
  for (const auto& c : cases) {
    CAPTURE(c.error);
    auto context = makeServerContext(c.options);
    REQUIRE_FALSE(context.has_value());
    CHECK(context.error().message.rfind(c.error, 0) == 0);
  }

  // The server refuses to start with them.
  Runtime runtime;
  ServerOptions options = localOptions();
  options.tls = TlsOptions{true, pki().server, missing, "", false};
  HttpServer server(runtime, options);
  auto started = server.start();
  REQUIRE_FALSE(started.has_value());
  CHECK(started.error().message.find("--ssl_key_file") != std::string::npos);
}
