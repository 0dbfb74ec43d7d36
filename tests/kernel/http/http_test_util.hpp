#pragma once

// Test helpers for the HTTP tests: a runtime, a server on 127.0.0.1 with
// port 0, a client, and handlers that answer a fixed text.
//
// Thread safety: a fixture belongs to one test.

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>

#include "kernel/http/client.hpp"
#include "kernel/http/server.hpp"

namespace nucleus::testing {

inline http::ServerOptions localOptions()
{
  http::ServerOptions options;
  options.ip = "127.0.0.1";
  options.stopTimeout = std::chrono::seconds(2);
  return options;
}

inline http::Handler textHandler(std::string body)
{
  return [body](http::Request) { return Future<http::Response>(http::Response::ok(body)); };
}

struct HttpFixture {
  Runtime runtime{Runtime::Options{.ioThreads = 2, .blockingThreads = 2}};
  std::unique_ptr<http::HttpServer> server;
  std::unique_ptr<http::HttpClient> client;
  uint16_t port = 0;

  explicit HttpFixture(http::ServerOptions options = localOptions())
  {
    runtime.start();
    server = std::make_unique<http::HttpServer>(runtime, std::move(options));
    client = std::make_unique<http::HttpClient>(runtime);
  }

  ~HttpFixture()
  {
    client.reset();
    if (server) (void)server->stop().await(std::chrono::seconds(10));
    server.reset();
  }

  void route(std::string method, std::string path, http::Handler handler)
  {
    auto added = server->addRoute(std::move(method), std::move(path), std::move(handler));
    REQUIRE_MESSAGE(added.has_value(), added.message());
  }

  void start()
  {
    auto bound = server->start();
    REQUIRE_MESSAGE(bound.has_value(), bound.message());
    port = *bound;
  }

  http::Endpoint endpoint() const { return http::Endpoint{"http", "127.0.0.1", port}; }

  Try<http::Response> tryFetch(http::Request request,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5))
  {
    return client->request(endpoint(), std::move(request), timeout).await(timeout * 2);
  }

  http::Response fetch(http::Request request)
  {
    auto response = tryFetch(std::move(request));
    REQUIRE_MESSAGE(response.has_value(), response.message());
    return *response;
  }
};

}  // namespace nucleus::testing
