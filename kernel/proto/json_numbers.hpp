#pragma once

// Reads JSON numbers, and the digit strings protobuf's own JSON printer writes for 64-bit
// integers, into protobuf's numeric types with range checks. Used by the JSON parser.
//
// Thread safety: pure functions; no shared state.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <type_traits>

#include "nucleus/module/try.hpp"

namespace nucleus::proto {

// Any integer from -2^64+1 to 2^64-1, wide enough to range-check every protobuf integer type.
struct WideInteger {
  bool negative = false;  // Never true for zero.
  std::uint64_t magnitude = 0;
};

// Accepts JSON integers, integral floating point numbers (1e3) and strings of decimal digits with
// an optional '-'. Errors say what the value was.
Try<WideInteger> jsonToWideInteger(const nlohmann::json& value);

// Accepts JSON numbers and the strings "NaN", "Infinity", "-Infinity" or a decimal number.
Try<double> jsonToDouble(const nlohmann::json& value);

template <typename Integer>
Try<Integer> jsonToInteger(const nlohmann::json& value)
{
  static_assert(std::is_integral_v<Integer> && sizeof(Integer) <= sizeof(std::uint64_t));
  using Limits = std::numeric_limits<Integer>;

  Try<WideInteger> wide = jsonToWideInteger(value);
  if (!wide) return wide.error();

  if (!wide->negative) {
    if (wide->magnitude <= static_cast<std::uint64_t>(Limits::max())) {
      return static_cast<Integer>(wide->magnitude);
    }
  } else if constexpr (std::is_signed_v<Integer>) {
    // |min| is max + 1; negate via magnitude - 1 so that INT64_MIN does not overflow.
    if (wide->magnitude - 1 <= static_cast<std::uint64_t>(Limits::max())) {
      return static_cast<Integer>(-static_cast<Integer>(wide->magnitude - 1) - 1);
    }
  }
  return Error(fmt::format("{}{} is out of range ({} to {})", wide->negative ? "-" : "",
                           wide->magnitude, Limits::min(), Limits::max()));
}

}  // namespace nucleus::proto
