#include "kernel/flags/flag_types.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace nucleus::flags {

namespace internal {

namespace {

// Duration and Bytes name the text in their errors; the flag's error already
// does ("invalid value 'x': ..."), so only the reason is kept.
Error reasonOnly(const Error& error, const std::string& prefix)
{
  if (!error.message.starts_with(prefix)) return error;
  return Error(error.message.substr(prefix.size()));
}

// from_chars refuses a leading '+', which istream (and so Mesos) accepts.
std::string_view withoutPlus(std::string_view text)
{
  return text.size() > 1 && text.front() == '+' && text[1] != '-' ? text.substr(1) : text;
}

}  // namespace

Try<int64_t> parseSigned(std::string_view text, int64_t min, int64_t max)
{
  const std::string_view digits = withoutPlus(text);
  int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      value < min || value > max) {
    return Error("expected a whole number from " + std::to_string(min) + " to " +
                 std::to_string(max));
  }
  return value;
}

Try<uint64_t> parseUnsigned(std::string_view text, uint64_t max)
{
  const std::string_view digits = withoutPlus(text);
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      value > max) {
    return Error("expected a whole number from 0 to " + std::to_string(max));
  }
  return value;
}

}  // namespace internal

Try<bool> FlagType<bool>::parse(std::string_view text)
{
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return Error("expected a boolean: true, false, 1 or 0");
}

Try<double> FlagType<double>::parse(std::string_view text)
{
  const std::string_view digits = internal::withoutPlus(text);
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(value)) {
    return Error("expected a number, e.g. 0.5");
  }
  return value;
}

std::string FlagType<double>::print(double value)
{
  std::array<char, 64> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  (void)error;  // 64 characters hold any double
  return std::string(buffer.data(), end);
}

Try<std::filesystem::path> FlagType<std::filesystem::path>::parse(std::string_view text)
{
  if (text.empty()) return Error("expected a path");
  if (text.starts_with("file://")) {
    return Error("expected a path, not a URL; write '" + std::string(text.substr(7)) + "'");
  }
  return std::filesystem::path(text);
}

Try<Duration> FlagType<Duration>::parse(std::string_view text)
{
  Try<Duration> duration = Duration::parse(text);
  if (!duration) {
    return internal::reasonOnly(duration.error(), "Invalid duration '" + std::string(text) + "': ");
  }
  return duration;
}

Try<Bytes> FlagType<Bytes>::parse(std::string_view text)
{
  Try<Bytes> bytes = Bytes::parse(text);
  if (!bytes)
    return internal::reasonOnly(bytes.error(), "Invalid bytes '" + std::string(text) + "': ");
  return bytes;
}

}  // namespace nucleus::flags
