#pragma once

// Declaring a module library in C++. A module author writes factories
//
//   Try<std::unique_ptr<HttpRoute>> createHello(const Parameters&, Host&);
//
// and lists them once per library:
//
//   NUCLEUS_MODULE_LIBRARY(
//       nucleus::module::describe<"org_nucleus_http_hello", HttpRoute, &createHello>(
//           "The Nucleus authors", "Answers GET /hello with a greeting"));
//
// That defines the library's one exported C entry point (abi.h) with the ABI
// version, this build's fingerprint and SDK version, and for each module C
// `create`/`destroy` functions that wrap the factory: every exception is caught
// and written into the caller's error buffer ("module 'x' threw: ..."), so
// nothing is thrown across the boundary.
//
// An optional check `Try<Nothing> compatible(const HostInfo&)` is passed as a
// fourth template argument; the loader runs it before any instance is created.
//
// Thread safety: everything here is immutable after load; the generated
// functions are as thread-safe as the factory they wrap.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "nucleus/module/abi.h"
#include "nucleus/module/fingerprint.hpp"
#include "nucleus/module/host.hpp"
#include "nucleus/module/parameters.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::module {

// What a module's compatible() check learns about the running Nucleus.
struct HostInfo {
  std::uint32_t abiVersion = 0;
  std::string_view nucleusVersion;
  std::string_view fingerprint;
};

// A module name usable as a template argument (describe<"org_x_y", ...>).
template <std::size_t N>
struct ModuleName {
  char value[N]{};

  constexpr ModuleName(const char (&text)[N])
  {
    for (std::size_t i = 0; i < N; ++i) value[i] = text[i];
  }
};

namespace detail {

// Copies `text` into a C buffer, truncating, always NUL-terminated.
inline void writeText(char* buffer, std::size_t size, std::string_view text) noexcept
{
  if (buffer == nullptr || size == 0) return;
  std::size_t length = text.size() < size - 1 ? text.size() : size - 1;
  std::memcpy(buffer, text.data(), length);
  buffer[length] = '\0';
}

template <ModuleName Name>
void writeThrown(char* error, std::size_t errorSize, const char* what) noexcept
{
  try {
    writeText(error, errorSize,
              std::string("module '") + Name.value + "' threw: " + what +
                  " (a bug in the module: its factory must return errors as values)");
  } catch (...) {
    writeText(error, errorSize, "module threw, and describing the exception failed");
  }
}

template <ModuleName Name, typename Kind, auto Factory>
void* create(const NucleusModuleParameter* parameters, std::size_t parameterCount, void* host,
             char* error, std::size_t errorSize) noexcept
{
  try {
    Try<std::unique_ptr<Kind>> made =
        Factory(Parameters::fromC(parameters, parameterCount), *static_cast<Host*>(host));
    if (!made.has_value()) {
      writeText(error, errorSize, made.error().message);
      return nullptr;
    }
    if (*made == nullptr) {
      writeText(error, errorSize,
                std::string("module '") + Name.value +
                    "' returned neither an instance nor an error (a bug in the module)");
      return nullptr;
    }
    // The host casts this back to Kind*, so hand over exactly a Kind*.
    Kind* instance = made->release();
    return static_cast<void*>(instance);
  } catch (const std::exception& e) {
    writeThrown<Name>(error, errorSize, e.what());
  } catch (...) {
    writeThrown<Name>(error, errorSize, "an exception that is not a std::exception");
  }
  return nullptr;
}

template <typename Kind>
void destroy(void* instance) noexcept
{
  delete static_cast<Kind*>(instance);
}

template <ModuleName Name, auto Compatible>
int compatible(const NucleusModuleHostInfo* host, char* reason, std::size_t reasonSize) noexcept
{
  try {
    HostInfo info;
    info.abiVersion = host->abi_version;
    info.nucleusVersion = host->nucleus_version ? host->nucleus_version : "";
    info.fingerprint = host->fingerprint ? host->fingerprint : "";
    Try<Nothing> verdict = Compatible(info);
    if (verdict.has_value()) return 1;
    writeText(reason, reasonSize, verdict.error().message);
  } catch (const std::exception& e) {
    writeThrown<Name>(reason, reasonSize, e.what());
  } catch (...) {
    writeThrown<Name>(reason, reasonSize, "an exception that is not a std::exception");
  }
  return 0;
}

}  // namespace detail

// The descriptor of one module of kind `Kind` (a class with kKind and
// kKindVersion, e.g. HttpRoute) made by `Factory`, a function or captureless
// lambda taking (const Parameters&, Host&) and returning
// Try<std::unique_ptr<Kind>> (or of a class derived from Kind).
template <ModuleName Name, typename Kind, auto Factory, auto Compatible = nullptr>
constexpr NucleusModuleDescriptor describe(const char* author, const char* description)
{
  using Made = decltype(Factory(std::declval<const Parameters&>(), std::declval<Host&>()));
  static_assert(std::is_constructible_v<Try<std::unique_ptr<Kind>>, Made>,
                "a module factory returns Try<std::unique_ptr<Kind>>");
  static_assert(std::has_virtual_destructor_v<Kind>, "a kind interface has a virtual destructor");

  NucleusModuleCompatibleFn check = nullptr;
  if constexpr (!std::is_null_pointer_v<decltype(Compatible)>) {
    check = &detail::compatible<Name, Compatible>;
  }
  return NucleusModuleDescriptor{Name.value,
                                 Kind::kKind,
                                 Kind::kKindVersion,
                                 author,
                                 description,
                                 check,
                                 &detail::create<Name, Kind, Factory>,
                                 &detail::destroy<Kind>};
}

}  // namespace nucleus::module

// Defines the library's entry point listing the given descriptors (made with
// nucleus::module::describe). Use it once per library, at namespace scope.
#define NUCLEUS_MODULE_LIBRARY(...)                                                         \
  extern "C" NUCLEUS_MODULE_EXPORT const NucleusModuleLibrary* nucleus_module_library(void) \
  {                                                                                         \
    static constexpr NucleusModuleDescriptor kNucleusModuleDescriptors[] = {__VA_ARGS__};   \
    static constexpr NucleusModuleLibrary kNucleusModuleLibrary = {                         \
        NUCLEUS_MODULE_ABI_VERSION, NUCLEUS_MODULE_FINGERPRINT, NUCLEUS_MODULE_SDK_VERSION, \
        kNucleusModuleDescriptors,                                                          \
        sizeof(kNucleusModuleDescriptors) / sizeof(kNucleusModuleDescriptors[0])};          \
    return &kNucleusModuleLibrary;                                                          \
  }
