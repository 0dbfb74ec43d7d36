#pragma once

// The toolchain fingerprint: a string that differs whenever a module and the
// kernel could disagree about the layout of a C++ type that crosses the module
// boundary (a kind interface, Host, std::string, a protobuf message).
//
// It is made of the compiler and its version, the C++ standard library release
// (and the libstdc++ string ABI and debug mode), BOOST_VERSION,
// GOOGLE_PROTOBUF_VERSION and a hash of the module-api headers (computed by CMake
// into the generated api_hash.h). A module and the kernel both expand
// NUCLEUS_MODULE_FINGERPRINT from this header with their own compiler, and the
// loader compares the two strings byte for byte.
//
// Example: "gcc-12.2.0;libstdc++-12;cxx11abi-1;boost-107400;protobuf-3021012;api-0123456789abcdef"
//
// Thread safety: compile-time constants only.

#include <version>  // defines _GLIBCXX_RELEASE / _LIBCPP_VERSION

#include <google/protobuf/stubs/common.h>  // GOOGLE_PROTOBUF_VERSION
#include <boost/version.hpp>
#include <string_view>

#include "nucleus/module/api_hash.h"

#define NUCLEUS_MODULE_STRINGIFY_(x) #x
#define NUCLEUS_MODULE_STRINGIFY(x) NUCLEUS_MODULE_STRINGIFY_(x)

#if defined(__clang__)
#define NUCLEUS_MODULE_FINGERPRINT_COMPILER                                        \
  "clang-" NUCLEUS_MODULE_STRINGIFY(__clang_major__) "." NUCLEUS_MODULE_STRINGIFY( \
      __clang_minor__) "." NUCLEUS_MODULE_STRINGIFY(__clang_patchlevel__)
#elif defined(__GNUC__)
#define NUCLEUS_MODULE_FINGERPRINT_COMPILER                               \
  "gcc-" NUCLEUS_MODULE_STRINGIFY(__GNUC__) "." NUCLEUS_MODULE_STRINGIFY( \
      __GNUC_MINOR__) "." NUCLEUS_MODULE_STRINGIFY(__GNUC_PATCHLEVEL__)
#else
#error "Nucleus modules are built with GCC or Clang"
#endif

#if defined(_GLIBCXX_RELEASE)
#if defined(_GLIBCXX_DEBUG)
#define NUCLEUS_MODULE_FINGERPRINT_DEBUG ";debug"
#else
#define NUCLEUS_MODULE_FINGERPRINT_DEBUG ""
#endif
// _GLIBCXX_USE_CXX11_ABI selects the std::string and std::list layouts.
#define NUCLEUS_MODULE_FINGERPRINT_STDLIB                                                        \
  "libstdc++-" NUCLEUS_MODULE_STRINGIFY(_GLIBCXX_RELEASE) ";cxx11abi-" NUCLEUS_MODULE_STRINGIFY( \
      _GLIBCXX_USE_CXX11_ABI) NUCLEUS_MODULE_FINGERPRINT_DEBUG
#elif defined(_LIBCPP_VERSION)
#define NUCLEUS_MODULE_FINGERPRINT_STDLIB "libc++-" NUCLEUS_MODULE_STRINGIFY(_LIBCPP_VERSION)
#else
#error "Nucleus modules are built against libstdc++ or libc++"
#endif

#define NUCLEUS_MODULE_FINGERPRINT                                                             \
  NUCLEUS_MODULE_FINGERPRINT_COMPILER                                                          \
      ";" NUCLEUS_MODULE_FINGERPRINT_STDLIB                                                    \
      ";boost-" NUCLEUS_MODULE_STRINGIFY(BOOST_VERSION) ";protobuf-" NUCLEUS_MODULE_STRINGIFY( \
          GOOGLE_PROTOBUF_VERSION) ";api-" NUCLEUS_MODULE_API_HASH

namespace nucleus::module {

// This translation unit's fingerprint (the kernel's, or the module's).
inline constexpr std::string_view kFingerprint = NUCLEUS_MODULE_FINGERPRINT;

// The Nucleus version whose module SDK this build uses (from api_hash.h).
inline constexpr std::string_view kSdkVersion = NUCLEUS_MODULE_SDK_VERSION;

}  // namespace nucleus::module
