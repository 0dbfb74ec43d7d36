#pragma once

// Ready-made checks for FlagSpec::validate(). Each returns an error that
// completes "invalid value 'x': ..." (e.g. "must be from 1 to 65535").
//
//   add(&AgentFlags::port, "port", "...", 5051).validate(flags::validPort);
//   add(&MasterFlags::offerTimeout, "offer_timeout", "...").validate(flags::atLeast(1s));
//
// Thread safety: stateless; callable from any thread.

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernel/flags/flag_set.hpp"
#include "kernel/flags/flag_types.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::flags {

// A TCP/UDP port a server can listen on: 1 to 65535 (0 would pick a random one).
inline constexpr auto validPort = [](const auto& port) -> Try<Nothing> {
  if (std::cmp_less(port, 1) || std::cmp_greater(port, 65535)) {
    return Error("must be a port from 1 to 65535");
  }
  return Nothing{};
};

// A value no smaller than `low` (numbers, Duration, Bytes). The bound is
// converted to the flag's type, so `atLeast(1s)` works on a Duration flag.
template <typename T>
auto atLeast(T low)
{
  return [low](const auto& value) -> Try<Nothing> {
    using V = std::decay_t<decltype(value)>;
    if (value < V(low)) return Error("must be at least " + FlagType<V>::print(V(low)));
    return Nothing{};
  };
}

// A value from `low` to `high`, both included.
template <typename T>
auto inRange(T low, T high)
{
  return [low, high](const auto& value) -> Try<Nothing> {
    using V = std::decay_t<decltype(value)>;
    if (value < V(low) || V(high) < value) {
      return Error("must be from " + FlagType<V>::print(V(low)) + " to " +
                   FlagType<V>::print(V(high)));
    }
    return Nothing{};
  };
}

// A string or path that is not empty.
inline constexpr auto nonEmpty = [](const auto& value) -> Try<Nothing> {
  if (value.empty()) return Error("must not be empty");
  return Nothing{};
};

// One of the listed words (e.g. --reconfiguration_policy=equal|additive).
Validator<std::string> oneOf(std::vector<std::string> choices);

}  // namespace nucleus::flags
