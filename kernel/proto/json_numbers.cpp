#include "kernel/proto/json_numbers.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace nucleus::proto {

namespace {

std::string quoted(const std::string& text)
{
  constexpr std::size_t kMax = 40;
  return "\"" + (text.size() > kMax ? text.substr(0, kMax) + "..." : text) + "\"";
}

}  // namespace

Try<WideInteger> jsonToWideInteger(const nlohmann::json& value)
{
  using nlohmann::json;
  switch (value.type()) {
    case json::value_t::number_unsigned:
      return WideInteger{false, value.get<std::uint64_t>()};
    case json::value_t::number_integer: {
      const auto number = value.get<std::int64_t>();
      if (number >= 0) return WideInteger{false, static_cast<std::uint64_t>(number)};
      // -(number + 1) cannot overflow, unlike -number for INT64_MIN.
      return WideInteger{true, static_cast<std::uint64_t>(-(number + 1)) + 1};
    }
    case json::value_t::number_float: {
      const double number = value.get<double>();
      if (!std::isfinite(number) || std::trunc(number) != number) {
        return Error(fmt::format("{} is not an integer", value.dump()));
      }
      constexpr double kTwoTo64 = 18446744073709551616.0;
      const double magnitude = std::fabs(number);
      if (magnitude >= kTwoTo64) return Error(fmt::format("{} is out of range", value.dump()));
      return WideInteger{number < 0, static_cast<std::uint64_t>(magnitude)};
    }
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      const bool negative = !text.empty() && text[0] == '-';
      const char* begin = text.data() + (negative ? 1 : 0);
      const char* end = text.data() + text.size();
      std::uint64_t magnitude = 0;
      const auto [stop, error] = std::from_chars(begin, end, magnitude);
      if (begin == end || *begin < '0' || *begin > '9' || stop != end ||
          error == std::errc::invalid_argument) {
        return Error(fmt::format("{} is not a string of decimal digits", quoted(text)));
      }
      if (error == std::errc::result_out_of_range) {
        return Error(fmt::format("{} is out of range", quoted(text)));
      }
      return WideInteger{negative && magnitude != 0, magnitude};
    }
    default:
      break;
  }
  return Error(fmt::format("{} is not an integer", value.dump()));
}

Try<double> jsonToDouble(const nlohmann::json& value)
{
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (text == "Infinity") return std::numeric_limits<double>::infinity();
    if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
    double number = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, number);
    if (!text.empty() && stop == end && error == std::errc{} && std::isfinite(number)) {
      return number;
    }
    return Error(fmt::format("{} is not a number", quoted(text)));
  }
  return Error(fmt::format("{} is not a number", value.dump()));
}

}  // namespace nucleus::proto
