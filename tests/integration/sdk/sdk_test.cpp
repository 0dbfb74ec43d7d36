// The module SDK end to end, as a third party uses it: `cmake --install` Nucleus
// into a prefix, build sample/ (find_package(Nucleus) + add_nucleus_module())
// against it, then load the module through the loader and through a running
// `nucleus master`.
#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kernel/loader/module_loader.hpp"
#include "nucleus/module/kinds/http_route.hpp"
#include "tests/kernel/loader/test_host.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using nucleus::testing::Output;

namespace {

const std::string kCmake = NUCLEUS_CMAKE_COMMAND;
const std::string kGreeting = "Hello from an out-of-tree module\n";

// The installed prefix and the sample module built against it; built once per
// test binary, since it takes a while.
struct Sdk {
  testing::TempDir dir;
  std::filesystem::path prefix = dir.path() / "prefix";
  std::filesystem::path build = dir.path() / "sample-build";
  std::filesystem::path module = build / "libnucleus_sdk_hello.so";
  std::string error;  // why the SDK could not be built, or ""
};

std::string step(const std::string& what, const std::vector<std::string>& argv)
{
  Output output = testing::run(argv, {}, std::chrono::seconds(240));
  if (output.exitCode == 0) return "";
  std::string command;
  for (const auto& arg : argv) command += " " + arg;
  return what + " failed (exit " + std::to_string(output.exitCode) + "):" + command + "\n" +
         output.out;
}

void buildSdk(Sdk& sdk)
{
  std::string buildDir = testing::env("NUCLEUS_BUILD_DIR");
  if (buildDir.empty()) {
    sdk.error = "NUCLEUS_BUILD_DIR is not set; run the tests with ctest";
    return;
  }
  sdk.error =
      step("installing Nucleus", {kCmake, "--install", buildDir, "--prefix", sdk.prefix.string()});
  if (!sdk.error.empty()) return;
  sdk.error = step(
      "configuring the sample module",
      {kCmake, "-S", NUCLEUS_SDK_SAMPLE_DIR, "-B", sdk.build.string(), "-G",
       NUCLEUS_CMAKE_GENERATOR, "-DCMAKE_MAKE_PROGRAM=" NUCLEUS_MAKE_PROGRAM,
       "-DCMAKE_CXX_COMPILER=" NUCLEUS_CXX_COMPILER, "-DCMAKE_PREFIX_PATH=" + sdk.prefix.string()});
  if (!sdk.error.empty()) return;
  sdk.error = step("building the sample module", {kCmake, "--build", sdk.build.string()});
}

const Sdk& sdk()
{
  static Sdk built;
  static const bool done = (buildSdk(built), true);
  (void)done;
  return built;
}

// Starts `binary master` with --modules=`modules`, waits until the first of
// `paths` answers, and returns the body of each.
std::vector<std::string> serveAndGet(const std::string& binary, const std::string& modules,
                                     const std::vector<std::string>& paths)
{
  testing::TempDir dir;
  int port = testing::freePort();
  testing::Process master({binary, "master", "--ip=127.0.0.1", "--port=" + std::to_string(port),
                           "--modules=" + modules},
                          dir / "master.log");
  auto get = [&](const std::string& path) -> std::optional<std::string> {
    std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
    Output output = testing::run({"curl", "-s", "-f", "--max-time", "2", url});
    if (output.exitCode != 0) return std::nullopt;
    return output.out;
  };

  std::optional<std::string> first;
  bool answered = testing::waitUntil([&] {
    if (master.exited()) return true;
    first = get(paths.at(0));
    return first.has_value();
  });
  const std::string log = master.log();
  REQUIRE_MESSAGE(answered, std::string("no answer on " + paths.at(0) + "; master log:\n" + log));
  REQUIRE_MESSAGE(first.has_value(), std::string("nucleus master exited; its log:\n" + log));

  std::vector<std::string> bodies{*first};
  for (std::size_t i = 1; i < paths.size(); ++i) {
    std::optional<std::string> body = get(paths[i]);
    const std::string failure = "no answer on " + paths[i] + "; master log:\n" + master.log();
    CHECK_MESSAGE(body.has_value(), failure);
    bodies.push_back(body.value_or(""));
  }
  master.stop(SIGTERM);
  return bodies;
}

}  // namespace

TEST_CASE("the installed SDK builds an out-of-tree module that the loader accepts")
{
  const Sdk& built = sdk();
  REQUIRE_MESSAGE(built.error.empty(), built.error);

  for (const char* installed :
       {"bin/nucleus", "include/nucleus/module/abi.h", "include/nucleus/module/api_hash.h",
        "include/nucleus/module/kinds/http_route.hpp"}) {
    CAPTURE(installed);
    CHECK(std::filesystem::exists(built.prefix / installed));
  }
  REQUIRE(std::filesystem::exists(built.module));

  loader::ModuleLoader loader;
  Try<Nothing> loaded = loader.loadFlag(R"({"libraries": [{"file": ")" + built.module.string() +
                                        R"(", "modules": [{"name": "org_example_sdk_hello"}]}]})");
  REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
  testing::TestHost host;
  auto route = loader.create<module::HttpRoute>("org_example_sdk_hello", host);
  REQUIRE_MESSAGE(route.has_value(), route.message());
  CHECK((*route)->path() == "/sdk-hello");

  std::optional<module::HttpResponse> response;
  (*route)->handle({"GET", "/sdk-hello", "", {}, ""},
                   [&](module::HttpResponse r) { response = std::move(r); });
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  CHECK(response->body == kGreeting);
}

TEST_CASE("nucleus master serves the route of an out-of-tree module from --modules")
{
  const Sdk& built = sdk();
  REQUIRE_MESSAGE(built.error.empty(), built.error);

  testing::TempDir dir;
  std::string manifest =
      dir.write("modules.json", R"({"libraries": [{"file": ")" + built.module.string() +
                                    R"(", "modules": [{"name": "org_example_sdk_hello"}]}]})");
  std::vector<std::string> bodies = serveAndGet(testing::nucleusBinary(), manifest, {"/sdk-hello"});
  CHECK(bodies == std::vector<std::string>{kGreeting});
}

TEST_CASE("an installed nucleus finds a module installed next to it by name")
{
  const Sdk& built = sdk();
  REQUIRE_MESSAGE(built.error.empty(), built.error);
  REQUIRE(step("installing the sample module", {kCmake, "--install", built.build.string(),
                                                "--prefix", built.prefix.string()}) == "");

  // The sample by name from the manifest; /hello from the default modules, which the
  // installed binary also finds by name in <prefix>/lib/nucleus/modules.
  std::string modules =
      R"({"libraries": [)"
      R"({"name": "nucleus_sdk_hello", "modules": [{"name": "org_example_sdk_hello"}]}]})";
  std::string installed = (built.prefix / "bin" / "nucleus").string();
  std::vector<std::string> bodies = serveAndGet(installed, modules, {"/sdk-hello", "/hello"});
  CHECK(bodies == std::vector<std::string>{kGreeting, "Hello from Nucleus\n"});
}
