#pragma once

// What the containerizer tests share: a started runtime, a sandbox root, a
// loader holding the isolator modules a test asks for, and launch requests
// for real commands.
//
// Thread safety: one fixture per test, used from the test's thread.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "kernel/agent/containerizer/containerizer.hpp"
#include "kernel/loader/module_loader.hpp"
#include "tests/support/temp_dir.hpp"

namespace nucleus::testing {

inline constexpr std::chrono::seconds kTimeout{20};

inline mesos::v1::ContainerID containerId(const std::string& value)
{
  mesos::v1::ContainerID id;
  id.set_value(value);
  return id;
}

inline Resource scalar(const std::string& name, double value)
{
  Resource resource;
  resource.set_name(name);
  resource.set_type(mesos::v1::Value::SCALAR);
  resource.mutable_scalar()->set_value(value);
  return resource;
}

// A manifest entry: {"file": ..., "modules": [{"name": ..., "parameters": ...}]}.
inline std::string library(const std::string& file, const std::string& module,
                           const std::string& parameters = "[]")
{
  return R"({"file": ")" + file + R"(", "modules": [{"name": ")" + module + R"(", "parameters": )" +
         parameters + "}]}";
}

inline std::string posixCpu()
{
  return library(NUCLEUS_POSIX_CPU_MODULE, "org_nucleus_isolator_posix_cpu");
}
inline std::string posixMem()
{
  return library(NUCLEUS_POSIX_MEM_MODULE, "org_nucleus_isolator_posix_mem");
}
inline std::string fakeIsolator(const std::string& parameters)
{
  return library(NUCLEUS_FAKE_ISOLATOR_MODULE, "org_nucleus_test_fake_isolator", parameters);
}

class ContainerizerFixture {
  // Declared first: destroyed last, after the containerizer.
  Runtime runtime_;
  loader::ModuleLoader loader_;

 public:
  ContainerizerFixture() : runtime_(Runtime::Options{2, 2, std::chrono::seconds(5)})
  {
    runtime_.start();
  }
  ~ContainerizerFixture()
  {
    containerizer.reset();
    runtime_.stop();
  }

  // Loads `libraries` (manifest entries) and creates the containerizer with `isolation`.
  Try<Nothing> create(const std::string& isolation, const std::vector<std::string>& libraries = {})
  {
    std::string manifest = R"({"libraries": [)";
    for (size_t i = 0; i < libraries.size(); ++i) manifest += (i ? ", " : "") + libraries[i];
    manifest += "]}";
    if (!libraries.empty()) {
      Try<Nothing> loaded = loader_.loadFlag(manifest);
      if (!loaded) return loaded.error();
    }
    Try<std::unique_ptr<agent::Containerizer>> made =
        agent::Containerizer::create(runtime_, loader_, isolation);
    if (!made) return made.error();
    containerizer = std::move(*made);
    return Nothing{};
  }

  // A request to run `argv` in <temp>/<id>, with PATH as the only variable.
  agent::LaunchRequest request(const std::string& id, std::vector<std::string> argv)
  {
    agent::LaunchRequest r;
    r.containerId = containerId(id);
    r.argv = std::move(argv);
    r.sandbox = dir.path() / "sandboxes" / id;
    r.environment = {{"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"}};
    return r;
  }

  std::string sandboxFile(const std::string& id, const std::string& name) const
  {
    return readFile(dir.path() / "sandboxes" / id / name);
  }

  Runtime& runtime() { return runtime_; }

  TempDir dir;
  std::unique_ptr<agent::Containerizer> containerizer;
};

}  // namespace nucleus::testing
