#pragma once

// The value types a flag may have, and for each how its text is parsed, how
// its value is printed (in --help defaults and on /flags), what --help calls
// its value, and whether `file://` values are read from a file.
//
// Supported: bool, every integer type (int, int64_t, uint16_t for ports...),
// double, std::string, std::filesystem::path, Duration and Bytes; a flag may
// also be a std::optional of any of these (see flag_set.hpp).
//
// Thread safety: stateless functions; callable from any thread.

#include <concepts>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "kernel/common/bytes.hpp"
#include "kernel/common/duration.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::flags {

// How a value of the form `file:///some/path` is treated.
enum class Fetch {
  Never,  // taken literally: a path flag names a file, it does not hold its content
  Text,   // replaced by the file's content, minus one trailing line break
  Token,  // replaced by the file's content with surrounding whitespace trimmed
};

// Specialised below for each supported type. Each provides:
//   static constexpr std::string_view kHint;  // "--name=<kHint>" in --help
//   static constexpr Fetch kFetch;
//   static Try<T> parse(std::string_view text);  // the error says what was expected
//   static std::string print(const T& value);     // parse(print(v)) == v
template <typename T>
struct FlagType;

template <typename T>
concept FlagValue = requires(std::string_view text, const T& value)
{
  {
    FlagType<T>::parse(text)
    } -> std::same_as<Try<T>>;
  {
    FlagType<T>::print(value)
    } -> std::same_as<std::string>;
};

namespace internal {
Try<int64_t> parseSigned(std::string_view text, int64_t min, int64_t max);
Try<uint64_t> parseUnsigned(std::string_view text, uint64_t max);
}  // namespace internal

template <>
struct FlagType<bool> {
  static constexpr std::string_view kHint = "";  // booleans are shown as --[no-]name
  static constexpr Fetch kFetch = Fetch::Token;
  // As Mesos: exactly true, false, 1 or 0.
  static Try<bool> parse(std::string_view text);
  static std::string print(bool value) { return value ? "true" : "false"; }
};

template <typename T>
requires std::integral<T> &&(!std::same_as<T, bool>)struct FlagType<T> {
  static constexpr std::string_view kHint = "NUMBER";
  static constexpr Fetch kFetch = Fetch::Token;

  static Try<T> parse(std::string_view text)
  {
    using Limits = std::numeric_limits<T>;
    if constexpr (std::is_signed_v<T>) {
      Try<int64_t> value = internal::parseSigned(text, Limits::min(), Limits::max());
      if (!value) return value.error();
      return static_cast<T>(*value);
    } else {
      Try<uint64_t> value = internal::parseUnsigned(text, Limits::max());
      if (!value) return value.error();
      return static_cast<T>(*value);
    }
  }

  static std::string print(T value) { return std::to_string(value); }
};

template <>
struct FlagType<double> {
  static constexpr std::string_view kHint = "NUMBER";
  static constexpr Fetch kFetch = Fetch::Token;
  static Try<double> parse(std::string_view text);  // finite decimal numbers only
  static std::string print(double value);           // shortest text that reads back exactly
};

template <>
struct FlagType<std::string> {
  static constexpr std::string_view kHint = "VALUE";
  static constexpr Fetch kFetch = Fetch::Text;
  static Try<std::string> parse(std::string_view text) { return std::string(text); }
  static std::string print(const std::string& value) { return value; }
};

// As Mesos' Path flags: never fetched, so `--work_dir=file:///x` is refused
// below rather than silently naming a directory called "file:".
template <>
struct FlagType<std::filesystem::path> {
  static constexpr std::string_view kHint = "PATH";
  static constexpr Fetch kFetch = Fetch::Never;
  static Try<std::filesystem::path> parse(std::string_view text);
  static std::string print(const std::filesystem::path& value) { return value.string(); }
};

template <>
struct FlagType<Duration> {
  static constexpr std::string_view kHint = "DURATION";
  static constexpr Fetch kFetch = Fetch::Token;
  static Try<Duration> parse(std::string_view text);
  static std::string print(Duration value) { return value.toString(); }
};

template <>
struct FlagType<Bytes> {
  static constexpr std::string_view kHint = "BYTES";
  static constexpr Fetch kFetch = Fetch::Token;
  static Try<Bytes> parse(std::string_view text);
  static std::string print(Bytes value) { return value.toString(); }
};

}  // namespace nucleus::flags
