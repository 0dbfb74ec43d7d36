// Manifests: Mesos' --modules format, where they come from, and every way a
// manifest can be wrong.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kernel/loader/manifest.hpp"
#include "kernel/loader/manifest_sources.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::loader;

TEST_CASE("a manifest in Mesos' format parses with libraries, modules and parameters in order")
{
  Try<Manifest> manifest = parseManifest(R"({"libraries": [
      {"file": "/opt/libx.so",
       "modules": [{"name": "org_x_a",
                    "parameters": [{"key": "k", "value": "v"}, {"key": "e", "value": ""}]},
                   {"name": "org_x_b"}]},
      {"name": "y", "modules": []},
      {"file": "liby.so", "name": "ignored"}]})",
                                         std::string(kInlineSource));
  REQUIRE_MESSAGE(manifest.has_value(), manifest.message());
  CHECK(manifest->source == "(inline JSON)");
  REQUIRE(manifest->libraries.size() == 3);

  const ManifestLibrary& x = manifest->libraries[0];
  CHECK(x.file == "/opt/libx.so");
  CHECK(x.name == "");
  REQUIRE(x.modules.size() == 2);
  CHECK(x.modules[0].name == "org_x_a");
  CHECK(x.modules[0].parameters == nucleus::module::Parameters{{"k", "v"}, {"e", ""}});
  CHECK(x.modules[1].parameters.empty());

  CHECK(manifest->libraries[1].name == "y");
  CHECK(manifest->libraries[1].modules.empty());
  // As Mesos: with both, "file" wins (the loader uses it).
  CHECK(manifest->libraries[2].file == "liby.so");
}

TEST_CASE("a wrong manifest is refused with the place and the fix")
{
  const std::string prefix = "Failed to parse module manifest (inline JSON): ";
  const std::string example =
      "a manifest looks like {\"libraries\": [{\"file\": \"/path/libx.so\", \"modules\": "
      "[{\"name\": \"org_x\", \"parameters\": [{\"key\": \"k\", \"value\": \"v\"}]}]}]}";
  struct Case {
    std::string json;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"{\n  \"libraries\": [\n    {\"file\": \"/x.so\",}\n  ]\n}",
       "malformed JSON at line 3, column 22 (byte 41): syntax error while parsing object key - "
       "unexpected '}'; expected string literal; fix the JSON syntax"},
      {"{\"libraries\": [",
       "malformed JSON at line 1, column 16 (byte 16): syntax error while "
       "parsing value - unexpected end of input; expected '[', '{', or a "
       "literal; fix the JSON syntax"},
      {"[]", "the manifest must be a JSON object, not array; " + example},
      {"{}", "it has no \"libraries\" array; " + example},
      {"{\"libraries\": {}}", "\"libraries\" must be an array, not object"},
      {"{\"libraries\": [], \"modules\": []}",
       "the manifest has an unknown field \"modules\"; it accepts \"libraries\""},
      {"{\"libraries\": [\"libx.so\"]}",
       "libraries[0] must be a JSON object, not string; " + example},
      {"{\"libraries\": [{\"modules\": []}]}",
       "libraries[0] has neither \"file\" nor \"name\"; give the library's path as \"file\" or "
       "its name as \"name\" (\"name\": \"x\" loads libx.so)"},
      {"{\"libraries\": [{\"file\": 7}]}", "libraries[0].file must be a string, not number"},
      {"{\"libraries\": [{\"file\": \"/x.so\", \"path\": \"/y\"}]}",
       "libraries[0] has an unknown field \"path\"; it accepts \"file\", \"name\", \"modules\""},
      {"{\"libraries\": [{\"file\": \"/x.so\", \"modules\": {}}]}",
       "libraries[0].modules must be an array, not object"},
      {"{\"libraries\": [{\"file\": \"/x.so\", \"modules\": [{}]}]}",
       "libraries[0].modules[0] has no \"name\"; give the module's name as its library exports "
       "it, e.g. {\"name\": \"org_nucleus_http_hello\"}"},
      {"{\"libraries\": [{\"file\": \"/x.so\", \"modules\": [{\"name\": \"a\"}, \"b\"]}]}",
       "libraries[0].modules[1] must be a JSON object, not string; " + example},
      {"{\"libraries\": [{\"file\": \"/x.so\", \"modules\": [{\"name\": \"a\", \"paramaters\": "
       "[]}]}]}",
       "libraries[0].modules[0] has an unknown field \"paramaters\"; it accepts \"name\", "
       "\"parameters\""},
      {"{\"libraries\": [{\"file\": \"/x.so\", \"modules\": [{\"name\": \"a\", \"parameters\": "
       "[{\"value\": \"v\"}]}]}]}",
       "libraries[0].modules[0].parameters[0] has no \"key\"; a parameter is {\"key\": ..., "
       "\"value\": ...}"},
      {"{\"libraries\": [{\"file\": \"/x.so\", \"modules\": [{\"name\": \"a\", \"parameters\": "
       "[{\"key\": \"k\"}]}]}]}",
       "libraries[0].modules[0].parameters[0] has no \"value\"; a parameter is {\"key\": \"k\", "
       "\"value\": ...}"},
      {"{\"libraries\": [{\"file\": \"/x.so\", \"modules\": [{\"name\": \"a\", \"parameters\": "
       "[{\"key\": \"k\", \"value\": 3}]}]}]}",
       "libraries[0].modules[0].parameters[0].value must be a string, not number"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    Try<Manifest> manifest = parseManifest(c.json, std::string(kInlineSource));
    REQUIRE_FALSE(manifest.has_value());
    CHECK(manifest.error().message == prefix + c.error);
  }
}

TEST_CASE("--modules takes inline JSON or a manifest file's path")
{
  nucleus::testing::TempDir dir;
  std::string path = dir.write("m.json", R"({"libraries": [{"name": "x"}]})");

  Try<Manifest> inlined = manifestFromFlag("  \n {\"libraries\": [{\"name\": \"y\"}]}");
  REQUIRE_MESSAGE(inlined.has_value(), inlined.message());
  CHECK(inlined->source == "(inline JSON)");
  CHECK(inlined->libraries.at(0).name == "y");

  Try<Manifest> fromFile = manifestFromFlag(path);
  REQUIRE_MESSAGE(fromFile.has_value(), fromFile.message());
  CHECK(fromFile->source == "'" + path + "'");
  CHECK(fromFile->libraries.at(0).name == "x");

  std::string broken = dir.write("broken.json", "{\"libraries\": [}");
  CHECK(manifestFromFlag(broken).error().message ==
        "Failed to parse module manifest '" + broken +
            "': malformed JSON at line 1, column 16 (byte 16): syntax error while parsing value - "
            "unexpected '}'; expected '[', '{', or a literal; fix the JSON syntax");

  CHECK(manifestFromFlag(dir / "missing.json").error().message ==
        "Failed to read module manifest '" + dir / "missing.json" +
            "': No such file or directory; check the path and its permissions");
  CHECK(manifestFromFlag(" ").error().message ==
        "Failed to load modules: --modules is empty; give a manifest file's path or inline JSON "
        "such as {\"libraries\": [...]}");
}

TEST_CASE("--modules_dir reads every *.json in sorted order and nothing else")
{
  nucleus::testing::TempDir dir;
  dir.write("20-b.json", R"({"libraries": [{"name": "b"}]})");
  dir.write("10-a.json", R"({"libraries": [{"name": "a"}]})");
  dir.write("README.md", "not a manifest");
  dir.write("30-c.json.disabled", "{");
  std::filesystem::create_directories(dir.path() / "sub.json");

  Try<std::vector<Manifest>> manifests = manifestsFromDirectory(dir.path());
  REQUIRE_MESSAGE(manifests.has_value(), manifests.message());
  REQUIRE(manifests->size() == 2);
  CHECK((*manifests)[0].libraries.at(0).name == "a");
  CHECK((*manifests)[0].source == "'" + dir / "10-a.json" + "'");
  CHECK((*manifests)[1].libraries.at(0).name == "b");

  CHECK(manifestsFromDirectory(dir / "nope").error().message ==
        "Failed to list module manifests in '" + dir / "nope" +
            "' (--modules_dir): No such file or directory; give --modules_dir an existing "
            "directory");
}
