#pragma once

// Where a flag's value came from, and (internal) the type-erased record
// FlagSet keeps for each registered flag. Commands use flag_set.hpp.
//
// Thread safety: plain data; see FlagSet for when it may be read.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/flags/flag_types.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::flags {

enum class FlagSource { Default, CommandLine, NucleusEnvironment, MesosEnvironment };

// "default", "command line", "NUCLEUS_* environment variable", "MESOS_* environment variable".
std::string_view describe(FlagSource source);

class FlagSet;

namespace internal {

template <typename T>
struct Unwrap {
  using type = T;
  static constexpr bool kOptional = false;
};
template <typename T>
struct Unwrap<std::optional<T>> {
  using type = T;
  static constexpr bool kOptional = true;
};

// One registered flag, its type erased.
struct Flag {
  std::string name;
  std::vector<std::string> deprecatedNames;
  std::string help;
  std::string_view hint;
  Fetch fetch = Fetch::Token;
  bool boolean = false;
  bool required = false;
  bool secret = false;
  std::optional<std::string> defaultText;

  // Parses `text` (already fetched) into the member.
  std::function<Try<Nothing>(FlagSet&, std::string_view text)> assign;
  // The member's value as text; none for an absent optional.
  std::function<std::optional<std::string>(const FlagSet&)> print;
  // The validators, chained; empty when there are none.
  std::function<Try<Nothing>(const FlagSet&)> validate;

  // Where the value came from, and by which name and in what words (for messages).
  FlagSource source = FlagSource::Default;
  std::string loadedName;
  std::string loadedText;  // as given (after file:// fetching), for messages
  std::string origin;      // "" for the command line, " from environment variable X" otherwise
};

// A registration bug (duplicate name, malformed name) is a broken invariant.
[[noreturn]] void registrationBug(const std::string& message);

}  // namespace internal

}  // namespace nucleus::flags
