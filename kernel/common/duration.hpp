#pragma once

// Duration: a span of time in nanoseconds, written the way Mesos writes it
// ("10ns", "5us", "100ms", "15secs", "2mins", "3hrs", "1days", "2weeks").
// Flags, the /flags endpoint and protobuf fields that Mesos prints as
// durations all go through parse() and toString(), so values a Mesos
// operator typed keep working and read the same way back.
//
// Thread safety: a plain value; no internal synchronisation.

#include <chrono>
#include <compare>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <string>
#include <string_view>

#include "nucleus/module/try.hpp"

namespace nucleus {

class Duration {
 public:
  static constexpr int64_t kNanosecond = 1;
  static constexpr int64_t kMicrosecond = 1000 * kNanosecond;
  static constexpr int64_t kMillisecond = 1000 * kMicrosecond;
  static constexpr int64_t kSecond = 1000 * kMillisecond;
  static constexpr int64_t kMinute = 60 * kSecond;
  static constexpr int64_t kHour = 60 * kMinute;
  static constexpr int64_t kDay = 24 * kHour;
  static constexpr int64_t kWeek = 7 * kDay;

  constexpr Duration() = default;

  // Any std::chrono duration converts (truncated to whole nanoseconds), so a
  // default can be written `15s` with std::chrono_literals.
  template <typename Rep, typename Period>
  constexpr Duration(std::chrono::duration<Rep, Period> d)
      : nanos_(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count())
  {
  }

  // As Mesos: a non-negative decimal number, fractions allowed ("1.5secs"),
  // directly followed by one of ns, us, ms, secs, mins, hrs, days, weeks.
  static Try<Duration> parse(std::string_view text);

  static constexpr Duration nanoseconds(int64_t n) { return Duration(n, kNanosecond); }
  static constexpr Duration microseconds(int64_t n) { return Duration(n, kMicrosecond); }
  static constexpr Duration milliseconds(int64_t n) { return Duration(n, kMillisecond); }
  static constexpr Duration seconds(int64_t n) { return Duration(n, kSecond); }
  static constexpr Duration minutes(int64_t n) { return Duration(n, kMinute); }
  static constexpr Duration hours(int64_t n) { return Duration(n, kHour); }
  static constexpr Duration days(int64_t n) { return Duration(n, kDay); }
  static constexpr Duration weeks(int64_t n) { return Duration(n, kWeek); }

  static constexpr Duration zero() { return Duration(); }
  static constexpr Duration max() { return nanoseconds(std::numeric_limits<int64_t>::max()); }
  static constexpr Duration min() { return nanoseconds(std::numeric_limits<int64_t>::min()); }

  constexpr int64_t ns() const { return nanos_; }
  double us() const { return static_cast<double>(nanos_) / kMicrosecond; }
  double ms() const { return static_cast<double>(nanos_) / kMillisecond; }
  double secs() const { return static_cast<double>(nanos_) / kSecond; }
  double mins() const { return static_cast<double>(nanos_) / kMinute; }
  double hrs() const { return static_cast<double>(nanos_) / kHour; }
  double days() const { return static_cast<double>(nanos_) / kDay; }
  double weeks() const { return static_cast<double>(nanos_) / kWeek; }

  constexpr std::chrono::nanoseconds chrono() const { return std::chrono::nanoseconds(nanos_); }

  // As Mesos prints it: the largest unit that keeps the number whole (or the
  // bucket's own unit with up to 15 significant digits): 15secs, 1.5mins, 100ms.
  std::string toString() const;

  friend constexpr auto operator<=>(const Duration&, const Duration&) = default;

  constexpr Duration& operator+=(Duration that)
  {
    nanos_ += that.nanos_;
    return *this;
  }
  constexpr Duration& operator-=(Duration that)
  {
    nanos_ -= that.nanos_;
    return *this;
  }
  friend constexpr Duration operator+(Duration a, Duration b) { return a += b; }
  friend constexpr Duration operator-(Duration a, Duration b) { return a -= b; }
  friend Duration operator*(Duration d, double factor)
  {
    return nanoseconds(static_cast<int64_t>(static_cast<double>(d.nanos_) * factor));
  }
  friend Duration operator/(Duration d, double divisor)
  {
    return nanoseconds(static_cast<int64_t>(static_cast<double>(d.nanos_) / divisor));
  }

 private:
  constexpr Duration(int64_t value, int64_t unit) : nanos_(value * unit) {}

  int64_t nanos_ = 0;
};

std::ostream& operator<<(std::ostream& stream, Duration duration);

}  // namespace nucleus
