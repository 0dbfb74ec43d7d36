#include "kernel/common/duration.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <utility>

namespace nucleus {

namespace {

constexpr std::string_view kUnitList = "use ns, us, ms, secs, mins, hrs, days or weeks";

struct Unit {
  std::string_view name;
  int64_t nanos;
};

// Mesos' units, smallest first; printing walks them as "buckets".
constexpr std::array<Unit, 8> kUnits = {{
    {"ns", Duration::kNanosecond},
    {"us", Duration::kMicrosecond},
    {"ms", Duration::kMillisecond},
    {"secs", Duration::kSecond},
    {"mins", Duration::kMinute},
    {"hrs", Duration::kHour},
    {"days", Duration::kDay},
    {"weeks", Duration::kWeek},
}};

Error invalid(std::string_view text, const std::string& why)
{
  return Error("Invalid duration '" + std::string(text) + "': " + why);
}

// "%.15g": the 15 significant digits Mesos prints (std::numeric_limits<double>::digits10).
std::string formatNumber(double value)
{
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.15g", value);
  return buffer.data();
}

}  // namespace

Try<Duration> Duration::parse(std::string_view text)
{
  if (text.empty()) return invalid(text, "expected a number followed by a unit, e.g. 10secs");
  if (text.front() == '-') return invalid(text, "a duration cannot be negative");

  size_t unitStart = 0;
  while (unitStart < text.size() &&
         ((text[unitStart] >= '0' && text[unitStart] <= '9') || text[unitStart] == '.')) {
    ++unitStart;
  }
  const std::string_view number = text.substr(0, unitStart);
  const std::string_view unitName = text.substr(unitStart);

  if (number.empty()) return invalid(text, "expected a number before the unit, e.g. 10secs");
  if (unitName.empty()) return invalid(text, "missing unit; " + std::string(kUnitList));

  const Unit* unit = nullptr;
  for (const Unit& candidate : kUnits) {
    if (candidate.name == unitName) unit = &candidate;
  }
  if (unit == nullptr) {
    return invalid(text, "unknown unit '" + std::string(unitName) + "'; " + std::string(kUnitList));
  }

  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error == std::errc::result_out_of_range) {
    return invalid(text, "out of range; the longest duration is about 15250weeks");
  }
  if (error != std::errc() || end != number.data() + number.size()) {
    return invalid(text, "'" + std::string(number) + "' is not a number");
  }

  // Rounded rather than truncated (Mesos truncates) so that "0.29secs" is
  // 290ms and not 289.999999ms after the binary floating-point product.
  const double nanos = std::round(value * static_cast<double>(unit->nanos));
  constexpr double kLimit = 9223372036854775808.0;  // 2^63, one past int64_t's largest value
  if (!(nanos < kLimit)) {
    return invalid(text, "out of range; the longest duration is about 15250weeks");
  }
  return Duration::nanoseconds(static_cast<int64_t>(nanos));
}

std::string Duration::toString() const
{
  // As Mesos: find the bucket (the largest unit not exceeding the duration),
  // then prefer one unit smaller when that makes a whole number and the
  // bucket's unit does not (10days rather than 1.42857142857143weeks).
  std::string sign;
  uint64_t magnitude = static_cast<uint64_t>(nanos_);
  if (nanos_ < 0) {
    sign = "-";
    magnitude = nanos_ == std::numeric_limits<int64_t>::min()
                    ? static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                    : static_cast<uint64_t>(-nanos_);
  }

  size_t bucket = 0;
  while (bucket + 1 < kUnits.size() &&
         magnitude >= static_cast<uint64_t>(kUnits[bucket + 1].nanos)) {
    ++bucket;
  }
  if (bucket == 0) return sign + std::to_string(magnitude) + "ns";

  size_t chosen = bucket;
  const auto unitOf = [](size_t index) { return static_cast<uint64_t>(kUnits[index].nanos); };
  if (bucket == 1) {
    // Below a millisecond, only whole microseconds print as "us".
    if (magnitude % unitOf(1) != 0) chosen = 0;
  } else if (magnitude % unitOf(bucket) != 0 && magnitude % unitOf(bucket - 1) == 0) {
    chosen = bucket - 1;
  }
  if (chosen == 0) return sign + std::to_string(magnitude) + "ns";

  const double value = static_cast<double>(magnitude) / static_cast<double>(unitOf(chosen));
  return sign + formatNumber(value) + std::string(kUnits[chosen].name);
}

std::ostream& operator<<(std::ostream& stream, Duration duration)
{
  return stream << duration.toString();
}

}  // namespace nucleus
