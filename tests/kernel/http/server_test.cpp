#include <doctest/doctest.h>

#include <atomic>
#include <string>

#include "http_test_util.hpp"
#include "kernel/http/authenticator.hpp"
#include "raw_socket.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::http;
using namespace nucleus::testing;
using namespace std::chrono_literals;

namespace {

Handler echoHandler()
{
  return [](Request request) {
    return Future<Response>(Response::ok(request.method + " " + request.path + " " + request.body));
  };
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the server routes by path and method, ignoring the query string")
{
  HttpFixture f;
  f.route("GET", "/hello", textHandler("hello"));
  f.route("POST", "/echo", echoHandler());
  f.start();

  CHECK(f.fetch(Request::get("/hello")).body == "hello");
  CHECK(f.fetch(Request::get("/hello?_ts=1234567")).body == "hello");
  CHECK(f.fetch(Request::post("/echo?x=1", "data", "text/plain")).body == "POST /echo data");

  Response missing = f.fetch(Request::get("/nope"));
  CHECK(missing.status == 404);
  CHECK(missing.body == "No endpoint at '/nope'");

  Response wrongMethod = f.fetch(Request::make("DELETE", "/hello"));
  CHECK(wrongMethod.status == 405);
  CHECK(wrongMethod.headers.get("Allow") == "GET");
  CHECK(wrongMethod.body == "Expecting one of { 'GET' }, but received 'DELETE'");
}

TEST_CASE("handlers see the peer, the query and the headers; failures become 500")
{
  HttpFixture f;
  f.route("GET", "/whoami", [](Request request) {
    auto params = request.params();
    return Future<Response>(Response::ok(request.remoteAddress + "|" +
                                         params->get("a").value_or("") + "|" +
                                         std::string(request.headers.get("X-Test").value_or("")) +
                                         "|" + (request.secure ? "tls" : "plain")));
  });
  f.route("GET", "/throws", [](Request) -> Future<Response> { throw std::runtime_error("boom"); });
  f.route("GET", "/fails", [](Request) { return Future<Response>(Error("disk on fire")); });
  f.start();

  Request request = Request::get("/whoami?a=b%20c");
  request.headers.set("x-test", "yes");
  std::string body = f.fetch(request).body;
  CHECK(body.rfind("127.0.0.1:", 0) == 0);
  CHECK(contains(body, "|b c|yes|plain"));

  Response thrown = f.fetch(Request::get("/throws"));
  CHECK(thrown.status == 500);
  CHECK(thrown.body == "The handler for GET /throws failed: boom");

  Response failed = f.fetch(Request::get("/fails"));
  CHECK(failed.status == 500);
  CHECK(failed.body == "Failed to handle GET /fails: disk on fire");
}

TEST_CASE("sequential requests reuse one keep-alive connection")
{
  HttpFixture f;
  f.route("GET", "/hello", textHandler("hello"));
  f.start();

  for (int i = 0; i < 3; ++i) CHECK(f.fetch(Request::get("/hello")).status == 200);
  CHECK(f.client->connectionsOpened() == 1);
  CHECK(f.server->counters().connectionsAccepted == 1);
  CHECK(f.server->counters().requestsServed == 3);
}

TEST_CASE("HTTP/1.0 closes after the response unless it asks for keep-alive")
{
  HttpFixture f;
  f.route("GET", "/hello", textHandler("hello"));
  f.start();

  RawSocket once(f.port);
  once.send("GET /hello HTTP/1.0\r\n\r\n");
  CHECK(once.readToEof(5s));
  CHECK(once.received().rfind("HTTP/1.0 200 OK\r\n", 0) == 0);
  CHECK(bodyOf(once.received()) == "hello");

  RawSocket kept(f.port);
  kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  kept.readResponse();
  CHECK(contains(kept.received(), "Connection: keep-alive\r\n"));
  kept.clear();
  kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  CHECK(bodyOf(kept.readResponse()) == "hello");
  CHECK_FALSE(kept.eof());
  CHECK(f.server->counters().connectionsAccepted == 2);
}

TEST_CASE("oversized headers get 431 and an oversized body 413, each saying the limit")
{
  ServerOptions options = localOptions();
  options.maxHeaderBytes = 1024;
  options.maxBodyBytes = 1000;
  HttpFixture f(options);
  f.route("POST", "/echo", echoHandler());
  f.start();

  RawSocket headers(f.port);
  headers.send("GET /echo HTTP/1.1\r\nHost: x\r\nCookie: " + std::string(2000, 'c') + "\r\n\r\n");
  CHECK(headers.readToEof());
  CHECK(statusOf(headers.received()) == 431);
  CHECK(contains(bodyOf(headers.received()),
                 "the request line and headers exceed the server's limit of 1024 bytes"));

  RawSocket declared(f.port);
  declared.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
  CHECK(declared.readToEof());
  CHECK(statusOf(declared.received()) == 413);
  CHECK(contains(bodyOf(declared.received()),
                 "The request body of 5000 bytes exceeds the server's limit of 1000 bytes. Send "
                 "a smaller body"));

  RawSocket chunked(f.port);
  std::string chunk = std::string("258\r\n") + std::string(600, 'b') + "\r\n";
  chunked.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk +
               chunk);
  CHECK(chunked.readToEof());
  CHECK(statusOf(chunked.received()) == 413);
  CHECK(
      contains(bodyOf(chunked.received()), "The request body exceeds the server's limit of 1000"));

  CHECK(f.server->counters().requestsRejected == 3);
  // The server goes on serving.
  CHECK(f.fetch(Request::post("/echo", "small", "text/plain")).body == "POST /echo small");
}

TEST_CASE("a chunked request body arrives whole, and Expect: 100-continue is honoured")
{
  HttpFixture f;
  f.route("POST", "/echo", echoHandler());
  f.start();

  RawSocket socket(f.port);
  socket.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  CHECK(bodyOf(socket.readResponse()) == "POST /echo hello world");

  RawSocket expecting(f.port);
  expecting.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  CHECK(contains(expecting.readUntil("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n"));
  expecting.clear();
  expecting.send("body");
  CHECK(bodyOf(expecting.readResponse()) == "POST /echo body");
}

TEST_CASE("malformed HTTP gets 400 and a closed connection; the server keeps serving")
{
  HttpFixture f;
  f.route("GET", "/hello", textHandler("hello"));
  f.start();

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"THIS IS NOT HTTP\r\n\r\n", "Malformed HTTP request: "},
      {"GET /hello HTTP/1.1\r\nHost x\r\n\r\n", "Malformed HTTP request: "},
      {"GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", "invalid percent-encoding at offset 2"},
      {"GET /hello HTTP/1.1\r\nContent-Length: zz\r\n\r\n", "Malformed HTTP request: "},
      {"GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", "Malformed HTTP request: bad version"},
      {"GET /hello HTTP/0.9\r\n\r\n", "Malformed HTTP request: bad version"},
  };
  for (const auto& [request, message] : cases) {
    CAPTURE(request);
    RawSocket socket(f.port);
    socket.send(request);
    CHECK(socket.readToEof());
    CHECK(statusOf(socket.received()) == 400);
    CHECK(contains(bodyOf(socket.received()), message));
  }

  CHECK(f.fetch(Request::get("/hello")).body == "hello");
}

TEST_CASE("a client too slow to send its request gets 408")
{
  ServerOptions options = localOptions();
  options.requestTimeout = 300ms;
  HttpFixture f(options);
  f.route("GET", "/hello", textHandler("hello"));
  f.start();

  RawSocket slow(f.port);
  slow.send("GET /hello HTTP/1.1\r\nHo");
  CHECK(slow.readToEof(5s));
  CHECK(statusOf(slow.received()) == 408);
  CHECK(contains(bodyOf(slow.received()), "not received completely within 300ms"));

  // A connection that never sends anything is closed without an answer.
  RawSocket silent(f.port);
  CHECK(silent.readToEof(5s));
  CHECK(silent.received().empty());
}

TEST_CASE("a handler that does not answer in time gets 503 naming the path and the timeout")
{
  ServerOptions options = localOptions();
  options.handlerTimeout = 300ms;
  HttpFixture f(options);
  auto never = std::make_shared<Promise<Response>>();
  f.route("GET", "/slow", [never](Request) { return never->future(); });
  f.route("GET", "/hello", textHandler("hello"));
  f.start();

  Response response = f.fetch(Request::get("/slow"));
  CHECK(response.status == 503);
  CHECK(response.body ==
        "The handler for GET /slow did not respond within 300ms; the server may be overloaded. "
        "Retry later");
  never->set(Response::ok("late"));  // dropped, harmlessly
  // The connection stays usable.
  CHECK(f.fetch(Request::get("/hello")).body == "hello");
  CHECK(f.client->connectionsOpened() == 1);
}

namespace {

class TokenAuthenticator : public Authenticator {
 public:
  std::string scheme() const override { return "Bearer"; }
  Future<AuthenticationResult> authenticate(const Request& request) override
  {
    auto token = request.headers.get("Authorization");
    if (!token) {
      return AuthenticationResult::unauthorized("Bearer realm=\"test\"", "Missing credentials");
    }
    if (*token == "Bearer good") return AuthenticationResult::authenticated("alice");
    return AuthenticationResult::forbidden("Token not accepted");
  }
};

}  // namespace

TEST_CASE("routes of a realm run its authenticator first and see the principal")
{
  HttpFixture f;
  auto whoami = [](Request request) {
    return Future<Response>(Response::ok(request.principal.value_or("(anonymous)")));
  };
  REQUIRE(f.server->addRoute("GET", "/secret", whoami, "test").has_value());
  REQUIRE(f.server->addRoute("GET", "/open", whoami).has_value());
  REQUIRE(f.server->addRoute("GET", "/other-realm", whoami, "elsewhere").has_value());
  REQUIRE(f.server->setAuthenticator("test", std::make_shared<TokenAuthenticator>()).has_value());
  f.start();

  Request good = Request::get("/secret");
  good.headers.set("Authorization", "Bearer good");
  CHECK(f.fetch(good).body == "alice");

  Response missing = f.fetch(Request::get("/secret"));
  CHECK(missing.status == 401);
  CHECK(missing.headers.get("WWW-Authenticate") == "Bearer realm=\"test\"");
  CHECK(missing.body == "Missing credentials");

  Request bad = Request::get("/secret");
  bad.headers.set("Authorization", "Bearer bad");
  Response forbidden = f.fetch(bad);
  CHECK(forbidden.status == 403);
  CHECK(forbidden.body == "Token not accepted");

  CHECK(f.fetch(Request::get("/open")).body == "(anonymous)");
  // A realm without an installed authenticator lets requests through.
  CHECK(f.fetch(Request::get("/other-realm")).body == "(anonymous)");
}

TEST_CASE("routes are declared before start, and a port in use is a clear error")
{
  HttpFixture f;
  f.route("GET", "/hello", textHandler("hello"));
  f.start();
  auto late = f.server->addRoute("GET", "/late", textHandler("late"));
  REQUIRE_FALSE(late.has_value());
  CHECK(late.error().message ==
        "Failed to add route '/late': the HTTP server has started; declare routes before start()");

  ServerOptions clash = localOptions();
  clash.port = f.port;
  HttpServer second(f.runtime, clash);
  auto started = second.start();
  REQUIRE_FALSE(started.has_value());
  CHECK(started.error().message == "Failed to bind 127.0.0.1:" + std::to_string(f.port) +
                                       ": Address already in use; choose another port or stop "
                                       "the process using it");
}

TEST_CASE("stop() closes idle connections, lets an in-flight response finish, then completes")
{
  HttpFixture f;
  auto pending = std::make_shared<Promise<Response>>();
  auto entered = std::make_shared<std::atomic<bool>>(false);
  f.route("GET", "/hello", textHandler("hello"));
  f.route("GET", "/pending", [pending, entered](Request) {
    *entered = true;
    return pending->future();
  });
  f.start();

  RawSocket idle(f.port);
  idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(bodyOf(idle.readResponse()) == "hello");

  RawSocket busy(f.port);
  busy.send("GET /pending HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(waitUntil([&] { return entered->load(); }, 5s));

  Future<Nothing> stopped = f.server->stop();
  CHECK(idle.readToEof(5s));   // the idle keep-alive connection is closed at once
  CHECK(stopped.isPending());  // the busy one is still answering

  pending->set(Response::ok("finished"));
  CHECK(busy.readToEof(5s));
  CHECK(bodyOf(busy.received()) == "finished");
  CHECK(stopped.await(5s).has_value());
  CHECK(f.server->counters().connectionsOpen == 0);
}
