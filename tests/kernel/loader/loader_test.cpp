// The loader when all goes well: registering, introspecting, creating and
// running instances, and the lifetime of libraries.
#include <doctest/doctest.h>

#include <filesystem>
#include <optional>

#include "kernel/loader/module_loader.hpp"
#include "nucleus/module/kinds/http_route.hpp"
#include "tests/kernel/loader/fixtures.hpp"
#include "tests/kernel/loader/fixtures/frobnicator.hpp"
#include "tests/kernel/loader/test_host.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::loader;
using nucleus::testing::fixture;
using nucleus::testing::manifest;
using nucleus::testing::named;

namespace {

// Calls the route and runs the host's queued work until it has answered.
module::HttpResponse call(module::HttpRoute& route, testing::TestHost& host,
                          module::HttpRequest request)
{
  std::optional<module::HttpResponse> response;
  route.handle(std::move(request), [&](module::HttpResponse r) { response = std::move(r); });
  host.runPending();
  REQUIRE(response.has_value());
  return *response;
}

}  // namespace

TEST_CASE("a module is created with its manifest parameters and answers through its host")
{
  ModuleLoader loader;
  Try<Nothing> loaded = loader.loadFlag(manifest(
      fixture("modules"), {R"({"name": "test_echo", "parameters": [{"key": "path", "value": "/e"},
                                               {"key": "colour", "value": "blue"}]})"}));
  REQUIRE_MESSAGE(loaded.has_value(), loaded.message());

  testing::TestHost host;
  Try<ModulePtr<module::HttpRoute>> route = loader.create<module::HttpRoute>("test_echo", host);
  REQUIRE_MESSAGE(route.has_value(), route.message());
  CHECK(host.lines() == std::vector<std::string>{"echo created"});
  CHECK((*route)->path() == "/e");
  CHECK((*route)->help() == "Echoes its parameters");

  module::HttpResponse response = call(**route, host, {"GET", "/e", "", {}, ""});
  CHECK(response.status == 200);
  CHECK(response.body == "GET /e on 0.1.0: path=/e colour=blue");
}

TEST_CASE("loaded modules can be listed, and found by kind")
{
  ModuleLoader loader;
  REQUIRE(loader.loadFlag(manifest(fixture("modules"), {named("test_strict"), named("test_echo")}))
              .has_value());

  std::vector<ModuleInfo> modules = loader.modules();
  REQUIRE(modules.size() == 2);
  CHECK(modules[0].name == "test_strict");
  CHECK(modules[0].kind == "http_route");
  CHECK(modules[0].kindVersion == 1);
  CHECK(modules[0].library == fixture("modules"));
  CHECK(modules[0].manifest == "(inline JSON)");
  CHECK(modules[0].author == "Nucleus tests");
  CHECK(modules[0].description == "Requires parameter colour and refuses others");
  CHECK(modules[1].name == "test_echo");

  CHECK(loader.namesOfKind("http_route") == std::vector<std::string>{"test_strict", "test_echo"});
  CHECK(loader.namesOfKind("isolator").empty());
  CHECK(loader.contains("test_echo"));
  CHECK_FALSE(loader.contains("test_throws"));
}

TEST_CASE("a library named without a path is found in the module search path")
{
  ModuleLoader loader(LoaderOptions{{"/nonexistent", testing::fixtureDir()}, knownKinds()});
  Try<Nothing> loaded = loader.loadFlag(
      R"({"libraries": [{"name": "fixture_modules", "modules": [{"name": "test_echo"}]}]})");
  REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
  CHECK(loader.modules().at(0).library == fixture("modules"));
}

TEST_CASE("a module built for an older Nucleus loads when its compatible() check accepts")
{
  ModuleLoader loader;
  Try<Nothing> loaded =
      loader.loadFlag(manifest(fixture("old_version"), {named("test_versioned_compatible")}));
  REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
  testing::TestHost host;
  Try<ModulePtr<module::HttpRoute>> route =
      loader.create<module::HttpRoute>("test_versioned_compatible", host);
  REQUIRE_MESSAGE(route.has_value(), route.message());
  CHECK((*route)->path() == "/versioned");
}

TEST_CASE("a kernel that hosts a kind creates it; asking for another kind is refused")
{
  LoaderOptions options;
  options.kinds.push_back({testing::Frobnicator::kKind, testing::Frobnicator::kKindVersion});
  ModuleLoader loader(options);
  REQUIRE(loader.loadFlag(manifest(fixture("modules"), {named("test_frobnicator")})).has_value());

  testing::TestHost host;
  Try<ModulePtr<testing::Frobnicator>> frob =
      loader.create<testing::Frobnicator>("test_frobnicator", host);
  REQUIRE_MESSAGE(frob.has_value(), frob.message());
  CHECK((*frob)->frob() == 7);

  CHECK(loader.create<module::HttpRoute>("test_frobnicator", host).error().message ==
        "Failed to create module 'test_frobnicator' from library '" + fixture("modules") +
            "' (listed in module manifest (inline JSON)): it is of kind 'frobnicator', but is "
            "used here as kind 'http_route'; use a module of kind 'http_route'");
}

TEST_CASE("an instance keeps its library loaded after the loader is gone")
{
  testing::TestHost host;
  ModulePtr<module::HttpRoute> route;
  {
    ModuleLoader loader;
    REQUIRE(loader.loadFlag(manifest(fixture("modules"), {named("test_echo")})).has_value());
    Try<ModulePtr<module::HttpRoute>> made = loader.create<module::HttpRoute>("test_echo", host);
    REQUIRE(made.has_value());
    route = std::move(*made);
  }
  CHECK(route->path() == "/echo");
  CHECK(call(*route, host, {"POST", "/echo", "", {}, "x"}).body == "POST /echo on 0.1.0:");
  route.reset();  // destroy() runs in the library, which is still mapped
}

TEST_CASE("several instances of one module are independent")
{
  ModuleLoader loader;
  REQUIRE(loader.loadFlag(manifest(fixture("modules"), {named("test_echo")})).has_value());
  testing::TestHost host;
  auto first = loader.create<module::HttpRoute>("test_echo", host);
  auto second = loader.create<module::HttpRoute>("test_echo", host);
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(first->get() != second->get());
}

TEST_CASE("by default, bare names are also looked up in the shipped-modules directory")
{
  // <prefix>/bin/<binary> -> <prefix>/lib/nucleus/modules, then the configured prefix's.
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe");
  std::vector<std::filesystem::path> path = defaultSearchPath();
  REQUIRE(path.size() == 2);
  CHECK(path[0] ==
        (self.parent_path().parent_path() / NUCLEUS_MODULE_INSTALL_DIR).lexically_normal());
  CHECK(path[1] == std::filesystem::path(NUCLEUS_INSTALL_PREFIX) / NUCLEUS_MODULE_INSTALL_DIR);
}
