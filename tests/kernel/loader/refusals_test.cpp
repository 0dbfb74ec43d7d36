// Every refusal a user can meet at start-up, each with the exact message it
// shows: the library, the module (where known) and the fix.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kernel/loader/module_loader.hpp"
#include "nucleus/module/fingerprint.hpp"
#include "nucleus/module/kinds/http_route.hpp"
#include "tests/kernel/loader/fixtures.hpp"
#include "tests/kernel/loader/test_host.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::loader;
using nucleus::testing::fixture;
using nucleus::testing::manifest;
using nucleus::testing::named;

namespace {

const std::string kInline = "listed in module manifest (inline JSON)";

std::string loadError(const std::string& json, LoaderOptions options = {})
{
  ModuleLoader loader(std::move(options));
  Try<Nothing> loaded = loader.loadFlag(json);
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loader.modules().empty());
  return loaded.error().message;
}

std::string createError(const std::string& module, const std::vector<std::string>& parameters)
{
  std::string json = R"({"name": ")" + module + R"(", "parameters": [)";
  for (std::size_t i = 0; i < parameters.size(); ++i) json += (i ? ", " : "") + parameters[i];
  json += "]}";
  ModuleLoader loader;
  Try<Nothing> loaded = loader.loadFlag(manifest(fixture("modules"), {json}));
  REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
  testing::TestHost host;
  Try<ModulePtr<module::HttpRoute>> made = loader.create<module::HttpRoute>(module, host);
  REQUIRE_FALSE(made.has_value());
  return made.error().message;
}

std::string moduleFailure(const std::string& module)
{
  return "Failed to load module '" + module + "' from library '" + fixture("modules") + "' (" +
         kInline + "): ";
}

}  // namespace

TEST_CASE("refused: a library file that does not exist")
{
  std::string path = testing::fixtureDir() + "/libmissing.so";
  CHECK(loadError(manifest(path, {named("org_missing")})) ==
        "Failed to load module library '" + path + "' (" + kInline +
            " for module 'org_missing'): no such file; fix the \"file\" path in the manifest, "
            "or install the library there");
}

TEST_CASE("refused: a library name found nowhere")
{
  CHECK(loadError(R"({"libraries": [{"name": "nope", "modules": [{"name": "a"}, {"name": "b"}]}]})",
                  LoaderOptions{{"/opt/nucleus/modules", "/usr/lib/nucleus/modules"}}) ==
        "Failed to load module library 'libnope.so' (\"name\": \"nope\", " + kInline +
            " for modules 'a', 'b'): the system's library search failed (libnope.so: cannot "
            "open shared object file: No such file or directory) and it is not in "
            "'/opt/nucleus/modules', '/usr/lib/nucleus/modules'; install it into "
            "'/opt/nucleus/modules', or give its path as \"file\"");
}

TEST_CASE("refused: a file that is not a shared object")
{
  testing::TempDir dir;
  std::string path = dir.write("libnot_a_library.so",
                               "This is a text file that someone named like a shared library; "
                               "it is longer than an ELF header, so dlopen reads its magic.\n");
  CHECK(loadError(manifest(path, {named("org_text")})) ==
        "Failed to load module library '" + path + "' (" + kInline +
            " for module 'org_text'): dlopen failed: " + path +
            ": invalid ELF header; make sure it is a shared library built for this machine with "
            "add_nucleus_module(), and that its dependencies are installed");
}

TEST_CASE("refused: a shared object without the entry point")
{
  CHECK(loadError(manifest(fixture("no_symbol"), {named("org_x")})) ==
        "Failed to load module library '" + fixture("no_symbol") + "' (" + kInline +
            " for module 'org_x'): it does not export 'nucleus_module_library', so it is not a "
            "Nucleus module library; declare its modules with NUCLEUS_MODULE_LIBRARY() and build "
            "it with add_nucleus_module()");
}

TEST_CASE("refused: another module ABI version")
{
  CHECK(loadError(manifest(fixture("abi999"), {named("org_future")})) ==
        "Failed to load module library '" + fixture("abi999") + "' (" + kInline +
            " for module 'org_future'): it was built for module ABI version 999 (by the SDK of "
            "Nucleus 9.9.9), but this Nucleus 0.1.0 loads module ABI version 1; rebuild it with "
            "the module SDK of Nucleus 0.1.0");
}

TEST_CASE("refused: another toolchain fingerprint")
{
  CHECK(loadError(manifest(fixture("bad_fingerprint"), {named("test_foreign")})) ==
        "Failed to load module library '" + fixture("bad_fingerprint") + "' (" + kInline +
            " for module 'test_foreign'): its toolchain fingerprint 'gcc-4.8.5;libstdc++-4;"
            "cxx11abi-0;boost-105300;protobuf-2005000;api-0000000000000000' differs from this "
            "Nucleus' '" +
            std::string(module::kFingerprint) +
            "'; rebuild it with the same compiler, C++ library, Boost, protobuf and module-api "
            "headers as this Nucleus (the module SDK of Nucleus 0.1.0)");
}

TEST_CASE("refused: a module the library does not export")
{
  CHECK(loadError(manifest(fixture("modules"), {named("test_ehco")})) ==
        moduleFailure("test_ehco") +
            "the library does not export it (it exports: test_echo, test_throws, "
            "test_throws_int, test_strict, test_null, test_frobnicator, test_route_v2, "
            "test_incompatible, test_compatible_throws); fix the module name in the manifest");
}

TEST_CASE("refused: a kind this Nucleus does not host, or another version of it")
{
  CHECK(loadError(manifest(fixture("modules"), {named("test_frobnicator")})) ==
        moduleFailure("test_frobnicator") +
            "its kind 'frobnicator' (version 1) is unknown to this Nucleus 0.1.0, which hosts "
            "http_route (version 1), allocator (version 1), isolator (version 1); use a Nucleus "
            "that hosts this kind, or remove the module from the manifest");
  CHECK(loadError(manifest(fixture("modules"), {named("test_route_v2")})) ==
        moduleFailure("test_route_v2") +
            "it implements kind 'http_route' version 2, but this Nucleus 0.1.0 hosts "
            "'http_route' version 1; rebuild it with the module SDK of Nucleus 0.1.0");
}

TEST_CASE("refused: a module built for another Nucleus version")
{
  CHECK(loadError(manifest(fixture("new_version"), {named("test_versioned_compatible")})) ==
        "Failed to load module 'test_versioned_compatible' from library '" +
            fixture("new_version") + "' (" + kInline +
            "): it was built for Nucleus 99.0.0, newer than this Nucleus 0.1.0; rebuild it with "
            "the module SDK of Nucleus 0.1.0");
  CHECK(loadError(manifest(fixture("old_version"), {named("test_versioned")})) ==
        "Failed to load module 'test_versioned' from library '" + fixture("old_version") + "' (" +
            kInline +
            "): it was built for Nucleus 0.0.1 and has no compatible() check, so it loads only "
            "into that version, not into this Nucleus 0.1.0; rebuild it with the module SDK of "
            "Nucleus 0.1.0, or give it a compatible() check");
}

TEST_CASE("refused: a module whose compatible() check refuses or throws")
{
  CHECK(loadError(manifest(fixture("modules"), {named("test_incompatible")})) ==
        moduleFailure("test_incompatible") +
            "it declares itself incompatible with this Nucleus 0.1.0: needs Nucleus 42.0.0 or "
            "later, found 0.1.0");
  CHECK(loadError(manifest(fixture("modules"), {named("test_compatible_throws")})) ==
        moduleFailure("test_compatible_throws") +
            "it declares itself incompatible with this Nucleus 0.1.0: module "
            "'test_compatible_throws' threw: confused (a bug in the module: its factory must "
            "return errors as values)");
}

TEST_CASE("refused: a malformed descriptor")
{
  CHECK(loadError(manifest(fixture("malformed"), {named("test_no_create")})) ==
        "Failed to load module 'test_no_create' from library '" + fixture("malformed") + "' (" +
            kInline +
            "): its descriptor has no create; the library is malformed: declare its modules "
            "with NUCLEUS_MODULE_LIBRARY() and rebuild it with add_nucleus_module()");
}

TEST_CASE("refused: a module name loaded twice, naming both places")
{
  testing::TempDir dir;
  dir.write("10-first.json", manifest(fixture("modules"), {named("test_echo")}));
  dir.write("20-second.json", manifest(fixture("duplicate"), {named("test_echo")}));
  ModuleLoader loader;
  Try<Nothing> loaded = loader.loadDirectory(dir.path());
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loaded.error().message ==
        "Failed to load module 'test_echo' from library '" + fixture("duplicate") +
            "' (listed in module manifest '" + dir / "20-second.json" +
            "'): a module of that name was already loaded from library '" + fixture("modules") +
            "' (listed in module manifest '" + dir / "10-first.json" +
            "'); module names must be unique: remove one of them from the manifests");
  // The first manifest stays loaded; the failing one added nothing.
  CHECK(loader.namesOfKind("http_route") == std::vector<std::string>{"test_echo"});

  // Within one manifest too, even from the same library.
  CHECK(loadError(manifest(fixture("modules"), {named("test_echo"), named("test_echo")})) ==
        moduleFailure("test_echo") + "a module of that name was already loaded from library '" +
            fixture("modules") + "' (" + kInline +
            "); module names must be unique: remove one of them from the manifests");
}

TEST_CASE("a manifest that fails part-way registers nothing")
{
  ModuleLoader loader;
  Try<Nothing> loaded = loader.loadFlag(R"({"libraries": [{"file": ")" + fixture("modules") +
                                        R"(", "modules": [{"name": "test_echo"}]}, {"file": ")" +
                                        fixture("abi999") + R"(", "modules": [{"name": "x"}]}]})");
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loader.modules().empty());
  CHECK(loaded.error().message.starts_with("Failed to load module library '" + fixture("abi999")));
}

TEST_CASE("refused at create: parameters the module does not accept, with its own message")
{
  const std::string prefix = "Failed to create module 'test_strict' from library '" +
                             fixture("modules") + "' (" + kInline + "): ";
  CHECK(createError("test_strict", {R"({"key": "color", "value": "red"})"}) ==
        prefix + "unknown parameter 'color'; accepted parameters: colour");
  CHECK(createError("test_strict", {}) ==
        prefix +
            "missing required parameter 'colour'; add {\"key\": \"colour\", \"value\": ...} to "
            "the module's \"parameters\"");
}

TEST_CASE("refused at create: a factory that throws, or returns nothing")
{
  CHECK(createError("test_throws", {}) ==
        "Failed to create module 'test_throws' from library '" + fixture("modules") + "' (" +
            kInline +
            "): module 'test_throws' threw: boom (a bug in the module: its factory must return "
            "errors as values)");
  CHECK(createError("test_throws_int", {}) ==
        "Failed to create module 'test_throws_int' from library '" + fixture("modules") + "' (" +
            kInline +
            "): module 'test_throws_int' threw: an exception that is not a std::exception (a bug "
            "in the module: its factory must return errors as values)");
  CHECK(createError("test_null", {}) ==
        "Failed to create module 'test_null' from library '" + fixture("modules") + "' (" +
            kInline +
            "): module 'test_null' returned neither an instance nor an error (a bug in the "
            "module)");
}

TEST_CASE("refused at create: a module that is not loaded")
{
  ModuleLoader loader;
  REQUIRE(loader.loadFlag(manifest(fixture("modules"), {named("test_echo")})).has_value());
  testing::TestHost host;
  CHECK(loader.create<module::HttpRoute>("org_nope", host).error().message ==
        "Failed to create module 'org_nope': no module of that name is loaded (loaded: "
        "test_echo); list it in a manifest given with --modules or --modules_dir");
}
