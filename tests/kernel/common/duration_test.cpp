// Duration: Mesos' duration syntax in and out, and conversion to std::chrono.

#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <string>

#include "kernel/common/duration.hpp"

using nucleus::Duration;
using nucleus::Try;
using namespace std::chrono_literals;

TEST_CASE("Duration parses every Mesos unit, fractions included")
{
  struct Case {
    std::string text;
    Duration expected;
  };
  const Case cases[] = {
      {"10ns", Duration::nanoseconds(10)},
      {"5us", Duration::microseconds(5)},
      {"100ms", Duration::milliseconds(100)},
      {"10secs", Duration::seconds(10)},
      {"2mins", Duration::minutes(2)},
      {"3hrs", Duration::hours(3)},
      {"1days", Duration::days(1)},
      {"2weeks", Duration::weeks(2)},
      {"0secs", Duration::zero()},
      {"1.5secs", Duration::milliseconds(1500)},
      {".5mins", Duration::seconds(30)},
      {"0.29secs", Duration::milliseconds(290)},  // rounded, not 289.999999ms
      {"15250weeks", Duration::weeks(15250)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Try<Duration> parsed = Duration::parse(c.text);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.message());
    CHECK(*parsed == c.expected);
  }
}

TEST_CASE("Duration refuses malformed text with a message naming the fix")
{
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"10parsecs",
       "Invalid duration '10parsecs': unknown unit 'parsecs'; use ns, us, ms, secs, mins, hrs, "
       "days or weeks"},
      {"10s",
       "Invalid duration '10s': unknown unit 's'; use ns, us, ms, secs, mins, hrs, days or weeks"},
      {"10", "Invalid duration '10': missing unit; use ns, us, ms, secs, mins, hrs, days or weeks"},
      {"", "Invalid duration '': expected a number followed by a unit, e.g. 10secs"},
      {"secs", "Invalid duration 'secs': expected a number before the unit, e.g. 10secs"},
      {"-5secs", "Invalid duration '-5secs': a duration cannot be negative"},
      {"1.2.3secs", "Invalid duration '1.2.3secs': '1.2.3' is not a number"},
      {"10 secs",
       "Invalid duration '10 secs': unknown unit ' secs'; use ns, us, ms, secs, mins, "
       "hrs, days or weeks"},
      {"15251weeks",
       "Invalid duration '15251weeks': out of range; the longest duration is about "
       "15250weeks"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Try<Duration> parsed = Duration::parse(c.text);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().message == c.message);
  }
}

TEST_CASE("Duration prints as Mesos does")
{
  struct Case {
    Duration duration;
    std::string text;
  };
  const Case cases[] = {
      {Duration::zero(), "0ns"},
      {Duration::nanoseconds(10), "10ns"},
      {Duration::nanoseconds(1500), "1500ns"},  // not a whole number of us: one unit down
      {Duration::microseconds(5), "5us"},
      {Duration::microseconds(1500), "1500us"},
      {Duration::milliseconds(100), "100ms"},
      {Duration::nanoseconds(1000001), "1.000001ms"},
      {Duration::seconds(15), "15secs"},
      {Duration::milliseconds(1500), "1500ms"},
      {Duration::seconds(90), "90secs"},
      {Duration::minutes(2), "2mins"},
      {Duration::milliseconds(90500), "1.50833333333333mins"},
      {Duration::minutes(90), "90mins"},
      {Duration::hours(3), "3hrs"},
      {Duration::hours(36), "36hrs"},
      {Duration::days(1), "1days"},
      {Duration::days(10), "10days"},
      {Duration::weeks(2), "2weeks"},
      {Duration::seconds(-15), "-15secs"},
      {Duration::max(), "15250.2844524715weeks"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(c.duration.toString() == c.text);
    std::ostringstream stream;
    stream << c.duration;
    CHECK(stream.str() == c.text);
  }
}

TEST_CASE("Duration round-trips through its text")
{
  for (const char* text : {"10ns", "5us", "100ms", "15secs", "2mins", "3hrs", "1days", "2weeks"}) {
    const std::string shown = text;
    CAPTURE(shown);
    Try<Duration> parsed = Duration::parse(text);
    REQUIRE(parsed.has_value());
    CHECK(parsed->toString() == text);
  }
}

TEST_CASE("Duration converts to and from std::chrono")
{
  const Duration fromChrono = 1500ms;
  CHECK(fromChrono == Duration::milliseconds(1500));
  CHECK(Duration::seconds(2).chrono() == 2s);
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(Duration::minutes(1).chrono()) ==
        60000ms);
  CHECK(Duration::seconds(1) < Duration::seconds(2));
  CHECK(Duration::seconds(1) + 500ms == Duration::milliseconds(1500));
  CHECK(Duration::seconds(3) * 0.5 == Duration::milliseconds(1500));
  CHECK(Duration::minutes(1).secs() == doctest::Approx(60.0));
}
