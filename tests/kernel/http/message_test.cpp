#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <vector>

#include "kernel/http/headers.hpp"
#include "kernel/http/request.hpp"
#include "kernel/http/response.hpp"
#include "kernel/http/router.hpp"
#include "kernel/http/status.hpp"
#include "kernel/http/stream.hpp"
#include "kernel/http/url.hpp"

using namespace nucleus;
using namespace nucleus::http;

TEST_CASE("headers keep order and repeats and are looked up case-insensitively")
{
  Headers headers;
  headers.add("Content-Type", "application/json");
  headers.add("Accept", "application/json");
  headers.add("accept", "application/x-protobuf");
  headers.add("mesos-stream-id", "abc-123");

  CHECK(headers.get("Mesos-Stream-Id") == "abc-123");
  CHECK(headers.get("CONTENT-TYPE") == "application/json");
  CHECK(headers.getAll("Accept") ==
        std::vector<std::string_view>{"application/json", "application/x-protobuf"});
  CHECK_FALSE(headers.get("Authorization").has_value());

  headers.set("ACCEPT", "*/*");  // replaces both, in the first one's place
  CHECK(headers.getAll("accept") == std::vector<std::string_view>{"*/*"});
  CHECK((headers.begin() + 1)->first == "ACCEPT");
  CHECK(headers.remove("content-type") == 1);
  CHECK(headers.size() == 2);
}

TEST_CASE("a request target splits into a decoded path and a raw query")
{
  struct Case {
    std::string target;
    std::string path;
    std::string query;
  };
  const std::vector<Case> cases = {
      {"/master/state", "/master/state", ""},
      {"/master/state?_ts=123", "/master/state", "_ts=123"},
      {"/files/read?path=%2Fvar%2Flog&offset=0", "/files/read", "path=%2Fvar%2Flog&offset=0"},
      {"/a%20b", "/a b", ""},
      {"/x#frag", "/x", ""},
      {"http://master:5050/health?x=1", "/health", "x=1"},
      {"", "/", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.target);
    Request request;
    REQUIRE(request.setTarget(c.target).has_value());
    CHECK(request.path == c.path);
    CHECK(request.query == c.query);
  }

  Request bad;
  auto result = bad.setTarget("/a%zz");
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message ==
        "Malformed request target '/a%zz': invalid percent-encoding at offset 2 (expected '%' "
        "and two hex digits)");
}

TEST_CASE("query parameters decode escapes and plus signs and may repeat")
{
  Request request = Request::get("/files/read?path=%2Fvar%2Flog&mode=a+b&flag&x=1&x=2");
  auto params = request.params();
  REQUIRE(params.has_value());
  CHECK(params->get("path") == "/var/log");
  CHECK(params->get("mode") == "a b");
  CHECK(params->get("flag") == "");
  CHECK(params->getAll("x") == std::vector<std::string>{"1", "2"});
  CHECK_FALSE(params->get("missing").has_value());

  auto bad = parseQuery("a=%4");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("Malformed query string 'a=%4'") == 0);
}

TEST_CASE("URLs parse into an endpoint and a target, with clear errors")
{
  struct Case {
    std::string text;
    std::string scheme;
    std::string host;
    uint16_t port;
    std::string target;
  };
  const std::vector<Case> cases = {
      {"http://127.0.0.1:5050/master/state", "http", "127.0.0.1", 5050, "/master/state"},
      {"https://example.com/x?y=1", "https", "example.com", 443, "/x?y=1"},
      {"http://example.com", "http", "example.com", 80, "/"},
      {"HTTP://[::1]:5051/", "http", "::1", 5051, "/"},
      {"10.0.0.1:5050", "http", "10.0.0.1", 5050, "/"},
      {"http://h:1?q", "http", "h", 1, "/?q"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto url = parseUrl(c.text);
    REQUIRE_MESSAGE(url.has_value(), url.message());
    CHECK(url->endpoint.scheme == c.scheme);
    CHECK(url->endpoint.host == c.host);
    CHECK(url->endpoint.port == c.port);
    CHECK(url->target == c.target);
  }
  CHECK(parseUrl("http://[::1]:5051/").value().endpoint.authority() == "[::1]:5051");

  const std::vector<std::pair<std::string, std::string>> errors = {
      {"ftp://host/",
       "Failed to parse URL 'ftp://host/': unsupported scheme 'ftp' (use http or https)"},
      {"http://:80/", "Failed to parse URL 'http://:80/': missing host"},
      {"http://host:99999/",
       "Failed to parse URL 'http://host:99999/': invalid port '99999' (expected 1-65535)"},
      {"http://host:abc/",
       "Failed to parse URL 'http://host:abc/': invalid port 'abc' (expected 1-65535)"},
  };
  for (const auto& [text, message] : errors) {
    CAPTURE(text);
    auto url = parseUrl(text);
    REQUIRE_FALSE(url.has_value());
    CHECK(url.error().message == message);
  }
}

TEST_CASE("error responses carry a text body saying what was wrong")
{
  auto notAllowed = Response::methodNotAllowed({"GET", "POST"}, "PUT");
  CHECK(notAllowed.status == 405);
  CHECK(notAllowed.headers.get("Allow") == "GET, POST");
  CHECK(notAllowed.body == "Expecting one of { 'GET', 'POST' }, but received 'PUT'");
  CHECK(notAllowed.contentType() == "text/plain; charset=utf-8");

  auto unauthorized = Response::unauthorized("Basic realm=\"mesos\"", "No credentials");
  CHECK(unauthorized.status == 401);
  CHECK(unauthorized.headers.get("WWW-Authenticate") == "Basic realm=\"mesos\"");

  CHECK(Response::ok("{}", kApplicationJson).contentType() == "application/json");
  CHECK_FALSE(Response::accepted().contentType().has_value());
  CHECK(Response::temporaryRedirect("//leader:5050/master/state").headers.get("Location") ==
        "//leader:5050/master/state");
  CHECK(statusText(431) == "431 Request Header Fields Too Large");
  CHECK(statusText(299) == "299 Unknown");
}

TEST_CASE("the router matches exact paths, longest prefixes and reports allowed methods")
{
  Router router;
  auto handler = [](std::string name) {
    return Handler([name](Request) { return Future<Response>(Response::ok(name)); });
  };
  REQUIRE(router.add("GET", "/master/state", handler("state")).has_value());
  REQUIRE(router.add("POST", "/api/v1/scheduler", handler("scheduler")).has_value());
  REQUIRE(router.add(Route{"/files", {"GET"}, handler("files"), std::nullopt, true}).has_value());
  REQUIRE(router.add(Route{"/files/download", {"GET"}, handler("download"), std::nullopt, true})
              .has_value());
  REQUIRE(router.add(Route{"/any", {}, handler("any")}).has_value());

  auto name = [&](std::string_view method, std::string_view path) -> std::string {
    auto match = router.match(method, path);
    if (!match.route) return match.allowed.empty() ? "404" : "405";
    return match.route->handler(Request()).await().value().body;
  };
  CHECK(name("GET", "/master/state") == "state");
  CHECK(name("POST", "/master/state") == "405");
  CHECK(router.match("POST", "/master/state").allowed == std::vector<std::string>{"GET"});
  CHECK(name("GET", "/master/state/") == "404");
  CHECK(name("GET", "/files") == "files");
  CHECK(name("GET", "/files/browse") == "files");
  CHECK(name("GET", "/files/download/x") == "download");
  CHECK(name("GET", "/filesystem") == "404");
  CHECK(name("DELETE", "/any") == "any");

  auto duplicate = router.add("GET", "/master/state", handler("again"));
  REQUIRE_FALSE(duplicate.has_value());
  CHECK(duplicate.error().message ==
        "Failed to add route GET /master/state: it overlaps route GET /master/state declared "
        "earlier");
  CHECK(router.add("GET", "relative", handler("x")).error().message ==
        "Failed to add route 'relative': a path must start with '/'");
}

TEST_CASE("a stream queues chunks in order, ends once and cuts off a slow reader")
{
  auto stream = Stream::create(10);
  std::atomic<int> closed{0};
  std::atomic<int> wakes{0};
  stream->onClosed([&] { closed++; });
  stream->attach([&] { wakes++; });

  CHECK(stream->write("abc"));
  CHECK(stream->write("def"));
  CHECK(wakes == 1);  // one wake until the consumer takes
  auto batch = stream->take();
  CHECK(batch.chunks == std::vector<std::string>{"abc", "def"});
  CHECK_FALSE(batch.ended);

  CHECK(stream->write("0123456789"));  // alone, a chunk may exceed the limit
  CHECK_FALSE(stream->write("x"));     // but nothing may pile up behind it
  CHECK(stream->isClosed());
  CHECK(stream->closeReason().find("the client is reading too slowly") == 0);
  CHECK(closed == 1);
  CHECK(stream->take().aborted);

  auto graceful = Stream::create();
  bool notified = false;
  graceful->write("last");
  graceful->close();
  graceful->onClosed([&] { notified = true; });  // already closed: runs at once
  CHECK(notified);
  CHECK_FALSE(graceful->write("late"));
  auto rest = graceful->take();
  CHECK(rest.chunks == std::vector<std::string>{"last"});
  CHECK(rest.ended);
  CHECK_FALSE(rest.aborted);
}
