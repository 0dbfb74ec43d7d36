#include <doctest/doctest.h>

#include <string>

#include "http_test_util.hpp"
#include "kernel/http/stream.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::http;
using namespace nucleus::testing;
using namespace std::chrono_literals;

TEST_CASE("the client names the endpoint when a connection is refused")
{
  Runtime runtime;
  runtime.start();
  HttpClient client(runtime);
  int port = freePort();
  auto response = client.get("http://127.0.0.1:" + std::to_string(port) + "/health", 5s).await(10s);
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().message ==
        "Failed to connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused");

  auto badUrl = client.get("ftp://x/").await(1s);
  REQUIRE_FALSE(badUrl.has_value());
  CHECK(badUrl.error().message.find("unsupported scheme 'ftp'") != std::string::npos);
}

TEST_CASE("the client's deadline covers the whole exchange and says what it waited for")
{
  HttpFixture f;
  auto never = std::make_shared<Promise<Response>>();
  f.route("GET", "/never", [never](Request) { return never->future(); });
  f.route("GET", "/hello", textHandler("hello"));
  f.start();

  auto started = std::chrono::steady_clock::now();
  auto response = f.tryFetch(Request::get("/never"), 200ms);
  REQUIRE_FALSE(response.has_value());
  CHECK(std::chrono::steady_clock::now() - started < 3s);
  CHECK(response.error().message ==
        "Timed out after 200ms waiting for the response to GET /never "
        "from http://127.0.0.1:" +
            std::to_string(f.port));
  // The timed-out connection is not reused; the next request works.
  CHECK(f.fetch(Request::get("/hello")).body == "hello");
  CHECK(f.client->connectionsOpened() == 2);
  never->set(Response::ok());
}

TEST_CASE("the client refuses a response over its size limit")
{
  HttpFixture f;
  f.route("GET", "/big", textHandler(std::string(5000, 'b')));
  f.route("GET", "/big-stream", [](Request) {
    auto stream = Stream::create();
    stream->write(std::string(600, 'c'));
    stream->write(std::string(600, 'c'));
    stream->close();
    return Future<Response>(Response::streaming(stream, "text/plain"));
  });
  f.start();

  ClientOptions options;
  options.maxResponseBytes = 1000;
  HttpClient small(f.runtime, options);
  auto response = small.request(f.endpoint(), Request::get("/big"), 5s).await(10s);
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().message ==
        "The response to GET /big from http://127.0.0.1:" + std::to_string(f.port) +
            " is larger than the client's limit of 1000 bytes");

  // Chunked, so the size shows only while reading.
  auto chunked = small.request(f.endpoint(), Request::get("/big-stream"), 5s).await(10s);
  REQUIRE_FALSE(chunked.has_value());
  CHECK(chunked.error().message.find("is larger than the client's limit of 1000 bytes") !=
        std::string::npos);
}

TEST_CASE("a pooled connection the server closed meanwhile is replaced, not reused")
{
  ServerOptions options = localOptions();
  options.idleTimeout = 100ms;
  HttpFixture f(options);
  f.route("GET", "/hello", textHandler("hello"));
  f.route("POST", "/hello", textHandler("posted"));
  f.start();

  CHECK(f.fetch(Request::get("/hello")).body == "hello");
  CHECK(f.client->idleConnections().await(5s).value() == 1);
  // The server closes the idle keep-alive connection after 100ms.
  REQUIRE(waitUntil([&] { return f.server->counters().connectionsOpen == 0; }, 5s));
  // Even a POST (not retried) succeeds: the dead connection is noticed before use.
  CHECK(f.fetch(Request::post("/hello", "x", "text/plain")).body == "posted");
  CHECK(f.client->connectionsOpened() == 2);
}
