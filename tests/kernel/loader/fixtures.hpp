#pragma once

// Paths of the fixture libraries (tests/kernel/loader/fixtures) and a shorthand
// for one-library inline manifests.
//
// Thread safety: pure functions.

#include <string>
#include <vector>

namespace nucleus::testing {

inline std::string fixtureDir()
{
  return NUCLEUS_LOADER_FIXTURES;
}

// The built fixture library `name`, e.g. fixture("modules") for libfixture_modules.so.
inline std::string fixture(const std::string& name)
{
  return fixtureDir() + "/libfixture_" + name + ".so";
}

// {"libraries": [{"file": <file>, "modules": [{"name": ...}, ...]}]}; each module
// is given as its JSON object text, e.g. R"({"name": "test_echo"})".
inline std::string manifest(const std::string& file, const std::vector<std::string>& modules)
{
  std::string json = R"({"libraries": [{"file": ")" + file + R"(", "modules": [)";
  for (std::size_t i = 0; i < modules.size(); ++i) json += (i ? ", " : "") + modules[i];
  return json + "]}]}";
}

inline std::string named(const std::string& module)
{
  return R"({"name": ")" + module + "\"}";
}

}  // namespace nucleus::testing
