// `nucleus master --ssl_enabled`: HTTPS with certificates the test generates,
// and the refusals an operator sees for a bad TLS set-up.

#include <doctest/doctest.h>

#include "tests/integration/nucleus_process.hpp"

using namespace nucleus::testing;

namespace {

struct Certificates {
  TempDir dir;
  std::string ca, cert, key, clientCert, clientKey;
  std::string error;
};

// A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA.
const Certificates& certificates()
{
  static Certificates certs;
  static bool made = false;
  if (made) return certs;
  made = true;
  std::string d = certs.dir.path().string();
  std::string script =
      "set -e; cd " + d +
      "; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
      " -subj /CN=test-ca -keyout ca.key -out ca.pem 2>/dev/null"
      "; openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1"
      " -keyout server.key -out server.csr 2>/dev/null"
      "; printf 'subjectAltName=IP:127.0.0.1' > san.ext"
      "; openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
      " -extfile san.ext -out server.pem 2>/dev/null"
      "; openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=client"
      " -keyout client.key -out client.csr 2>/dev/null"
      "; openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
      " -out client.pem 2>/dev/null";
  Output out = shell(script);
  if (out.exitCode != 0) certs.error = "openssl failed: " + out.out;
  certs.ca = d + "/ca.pem";
  certs.cert = d + "/server.pem";
  certs.key = d + "/server.key";
  certs.clientCert = d + "/client.pem";
  certs.clientKey = d + "/client.key";
  return certs;
}

// curl's exit code and output for `url` with extra curl arguments.
Output curl(const std::string& url, const std::vector<std::string>& extra = {})
{
  std::vector<std::string> argv = {"curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-w",
                                   "%{http_code}"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(url);
  return run(argv, {}, std::chrono::seconds(20));
}

}  // namespace

TEST_CASE("--ssl_enabled serves HTTPS, and client certificates when required")
{
  const Certificates& certs = certificates();
  REQUIRE_MESSAGE(certs.error.empty(), certs.error);

  for (bool requireClientCert : {false, true}) {
    CAPTURE(requireClientCert);
    int port = freePort();
    std::vector<std::string> args = {"--ip=127.0.0.1", "--port=" + std::to_string(port),
                                     "--ssl_enabled", "--ssl_cert_file=" + certs.cert,
                                     "--ssl_key_file=" + certs.key, "--ssl_ca_file=" + certs.ca};
    if (requireClientCert) args.push_back("--ssl_require_client_cert");
    NucleusProcess master("master", args);
    std::string https = "https://127.0.0.1:" + std::to_string(port) + "/health";
    std::vector<std::string> withClientCert = {"--cacert", certs.ca, "--cert", certs.clientCert,
                                               "--key", certs.clientKey};
    REQUIRE_MESSAGE(waitUntil([&] { return curl(https, withClientCert).out == "200"; }),
                    master.log());

    Output verified = curl(https, {"--cacert", certs.ca});
    CHECK((verified.exitCode == 0) == !requireClientCert);
    Output plain = curl("http://127.0.0.1:" + std::to_string(port) + "/health");
    CHECK(plain.out.rfind("200", 0) != 0);  // plain HTTP gets no answer from an HTTPS port
    CHECK_FALSE(master.process().exited());
  }
}

TEST_CASE("a bad TLS set-up exits 1 naming the flag")
{
  const Certificates& certs = certificates();
  REQUIRE_MESSAGE(certs.error.empty(), certs.error);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"--ssl_cert_file=" + certs.cert, "--ssl_key_file=/nonexistent/key.pem"}, "--ssl_key_file"},
      {{"--ssl_cert_file=" + certs.ca + ".missing", "--ssl_key_file=" + certs.key},
       "--ssl_cert_file"},
      {{"--ssl_cert_file=" + certs.cert, "--ssl_key_file=" + certs.key,
        "--ssl_require_client_cert"},
       "--ssl_ca_file"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    std::vector<std::string> argv = {nucleusBinary(), "master", "--ip=127.0.0.1",
                                     "--port=" + std::to_string(freePort()), "--ssl_enabled"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    Output out = run(argv, {}, std::chrono::seconds(20));
    CHECK(out.exitCode == 1);
    CHECK(out.out.find(c.message) != std::string::npos);
  }
}
