#pragma once

// Test helpers for the posix isolator modules: load a module through the
// kernel's loader, and call an isolator's reply-callback methods as plain
// functions (the TestHost runs "the strand" and blocking work inline).
//
// Thread safety: for one test thread.

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "kernel/loader/module_loader.hpp"
#include "nucleus/module/kinds/isolator.hpp"
#include "tests/kernel/loader/test_host.hpp"

namespace nucleus::testing {

// Loads `module` from `library` with `parameters` (a JSON array) and creates it.
inline Try<loader::ModulePtr<module::Isolator>> loadIsolator(TestHost& host,
                                                             const std::string& library,
                                                             const std::string& module,
                                                             const std::string& parameters = "[]")
{
  loader::ModuleLoader modules;
  Try<Nothing> loaded =
      modules.loadFlag(R"({"libraries": [{"file": ")" + library + R"(", "modules": [{"name": ")" +
                       module + R"(", "parameters": )" + parameters + "}]}]}");
  if (!loaded) return loaded.error();
  return modules.create<module::Isolator>(module, host);
}

// Whatever a reply received (nullopt: no reply yet).
template <typename T>
struct Answer {
  std::optional<Try<T>> value;
  module::Reply<T> reply()
  {
    return [this](Try<T> result) { value.emplace(std::move(result)); };
  }
};

inline mesos::v1::ContainerID containerId(const std::string& value)
{
  mesos::v1::ContainerID id;
  id.set_value(value);
  return id;
}

}  // namespace nucleus::testing
