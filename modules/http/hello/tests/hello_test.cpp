// The hello module through the real loader: its route, its answers and its
// parameters.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "kernel/loader/module_loader.hpp"
#include "nucleus/module/kinds/http_route.hpp"
#include "tests/kernel/loader/test_host.hpp"

using namespace nucleus;
using namespace nucleus::loader;

namespace {

const std::string kLibrary = NUCLEUS_HELLO_MODULE;

// Loads org_nucleus_http_hello with `parameters` (JSON array text) and creates it.
Try<ModulePtr<module::HttpRoute>> hello(testing::TestHost& host,
                                        const std::string& parameters = "[]")
{
  ModuleLoader loader;
  Try<Nothing> loaded = loader.loadFlag(R"({"libraries": [{"file": ")" + kLibrary +
                                        R"(", "modules": [{"name": "org_nucleus_http_hello", )" +
                                        R"("parameters": )" + parameters + "}]}]}");
  if (!loaded) return loaded.error();
  return loader.create<module::HttpRoute>("org_nucleus_http_hello", host);
}

module::HttpResponse call(module::HttpRoute& route, const std::string& method,
                          const std::string& path)
{
  std::optional<module::HttpResponse> response;
  route.handle({method, path, "", {{"Host", "localhost"}}, ""},
               [&](module::HttpResponse r) { response = std::move(r); });
  REQUIRE(response.has_value());
  return *response;
}

}  // namespace

TEST_CASE("hello answers GET /hello with a plain-text greeting")
{
  testing::TestHost host;
  auto route = hello(host);
  REQUIRE_MESSAGE(route.has_value(), route.message());
  CHECK((*route)->path() == "/hello");
  CHECK((*route)->help() == "Answers GET with a greeting");
  CHECK(host.lines() == std::vector<std::string>{"serving a greeting at /hello"});

  module::HttpResponse response = call(**route, "GET", "/hello");
  CHECK(response.status == 200);
  CHECK(response.headers == module::HttpHeaders{{"Content-Type", "text/plain"}});
  CHECK(response.body == "Hello from Nucleus\n");
}

TEST_CASE("hello refuses methods other than GET with 405")
{
  testing::TestHost host;
  auto route = hello(host);
  REQUIRE(route.has_value());
  for (const char* method : {"POST", "PUT", "DELETE", "HEAD"}) {
    CAPTURE(method);
    module::HttpResponse response = call(**route, method, "/hello");
    CHECK(response.status == 405);
    CHECK(response.headers ==
          module::HttpHeaders{{"Allow", "GET"}, {"Content-Type", "text/plain"}});
    CHECK(response.body == "/hello answers GET only, not " + std::string(method) + "\n");
  }
}

TEST_CASE("hello takes its greeting and path from the manifest")
{
  testing::TestHost host;
  auto route = hello(host, R"([{"key": "greeting", "value": "Bonjour"},
                                {"key": "path", "value": "/bonjour"}])");
  REQUIRE_MESSAGE(route.has_value(), route.message());
  CHECK((*route)->path() == "/bonjour");
  CHECK(call(**route, "GET", "/bonjour").body == "Bonjour\n");
}

TEST_CASE("hello refuses parameters it does not know, and a bad path")
{
  const std::string prefix = "Failed to create module 'org_nucleus_http_hello' from library '" +
                             kLibrary + "' (listed in module manifest (inline JSON)): ";
  struct Case {
    std::string parameters;
    std::string error;
  };
  const std::vector<Case> cases = {
      {R"([{"key": "greting", "value": "Hi"}])",
       "unknown parameter 'greting'; accepted parameters: greeting, path"},
      {R"([{"key": "path", "value": "/a"}, {"key": "path", "value": "/b"}])",
       "parameter 'path' is given twice; give it once"},
      {R"([{"key": "path", "value": "hello"}])",
       "parameter 'path' must be an absolute URL path such as \"/hello\" (no query, fragment or "
       "spaces), not \"hello\""},
      {R"([{"key": "path", "value": "/hello?x=1"}])",
       "parameter 'path' must be an absolute URL path such as \"/hello\" (no query, fragment or "
       "spaces), not \"/hello?x=1\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.parameters);
    testing::TestHost host;
    auto route = hello(host, c.parameters);
    REQUIRE_FALSE(route.has_value());
    CHECK(route.error().message == prefix + c.error);
  }
}
