#include "kernel/common/bytes.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <ostream>

namespace nucleus {

namespace {

constexpr std::string_view kUnitList = "use B, KB, MB, GB or TB";

struct Unit {
  std::string_view name;
  uint64_t bytes;
};

// Largest first: printing picks the first unit that divides the amount.
constexpr std::array<Unit, 5> kUnits = {{
    {"TB", Bytes::kTerabyte},
    {"GB", Bytes::kGigabyte},
    {"MB", Bytes::kMegabyte},
    {"KB", Bytes::kKilobyte},
    {"B", Bytes::kByte},
}};

Error invalid(std::string_view text, const std::string& why)
{
  return Error("Invalid bytes '" + std::string(text) + "': " + why);
}

bool isDigit(char c)
{
  return c >= '0' && c <= '9';
}

}  // namespace

Try<Bytes> Bytes::parse(std::string_view text)
{
  if (text.empty()) return invalid(text, "expected a number followed by a unit, e.g. 64MB");
  if (text.front() == '-') return invalid(text, "an amount of bytes cannot be negative");

  size_t unitStart = 0;
  while (unitStart < text.size() && isDigit(text[unitStart])) ++unitStart;
  const std::string_view number = text.substr(0, unitStart);

  if (unitStart < text.size() && text[unitStart] == '.') {
    return invalid(text, "fractions are not allowed; use a smaller unit, e.g. 1536MB for 1.5GB");
  }
  if (number.empty()) return invalid(text, "expected a number before the unit, e.g. 64MB");

  std::string unitName(text.substr(unitStart));
  if (unitName.empty()) return invalid(text, "missing unit; " + std::string(kUnitList));
  for (char& c : unitName) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

  const Unit* unit = nullptr;
  for (const Unit& candidate : kUnits) {
    if (candidate.name == unitName) unit = &candidate;
  }
  if (unit == nullptr) {
    return invalid(text, "unknown unit '" + std::string(text.substr(unitStart)) + "'; " +
                             std::string(kUnitList));
  }

  uint64_t value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size() ||
      value > std::numeric_limits<uint64_t>::max() / unit->bytes) {
    return invalid(text, "out of range; the largest amount is 16777215TB");
  }
  return Bytes(value * unit->bytes);
}

std::string Bytes::toString() const
{
  if (bytes_ == 0) return "0B";
  for (const Unit& unit : kUnits) {
    if (bytes_ % unit.bytes == 0)
      return std::to_string(bytes_ / unit.bytes) + std::string(unit.name);
  }
  return std::to_string(bytes_) + "B";  // unreachable: every amount is a whole number of B
}

std::ostream& operator<<(std::ostream& stream, Bytes bytes)
{
  return stream << bytes.toString();
}

}  // namespace nucleus
