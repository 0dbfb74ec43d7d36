// Bytes: Mesos' size syntax in and out.

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "kernel/common/bytes.hpp"

using nucleus::Bytes;
using nucleus::Try;

TEST_CASE("Bytes parses every Mesos unit, in any letter case")
{
  struct Case {
    std::string text;
    Bytes expected;
  };
  const Case cases[] = {
      {"0B", Bytes(0)},
      {"1024B", Bytes(1024)},
      {"10KB", Bytes::kilobytes(10)},
      {"1MB", Bytes::megabytes(1)},
      {"2GB", Bytes::gigabytes(2)},
      {"1TB", Bytes::terabytes(1)},
      {"64mb", Bytes::megabytes(64)},
      {"3Gb", Bytes::gigabytes(3)},
      {"16777215TB", Bytes::terabytes(16777215)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Try<Bytes> parsed = Bytes::parse(c.text);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.message());
    CHECK(*parsed == c.expected);
  }
}

TEST_CASE("Bytes refuses malformed text with a message naming the fix")
{
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"10XB", "Invalid bytes '10XB': unknown unit 'XB'; use B, KB, MB, GB or TB"},
      {"10", "Invalid bytes '10': missing unit; use B, KB, MB, GB or TB"},
      {"1.5GB",
       "Invalid bytes '1.5GB': fractions are not allowed; use a smaller unit, e.g. 1536MB for "
       "1.5GB"},
      {"", "Invalid bytes '': expected a number followed by a unit, e.g. 64MB"},
      {"MB", "Invalid bytes 'MB': expected a number before the unit, e.g. 64MB"},
      {"-1MB", "Invalid bytes '-1MB': an amount of bytes cannot be negative"},
      {"16777216TB", "Invalid bytes '16777216TB': out of range; the largest amount is 16777215TB"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Try<Bytes> parsed = Bytes::parse(c.text);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().message == c.message);
  }
}

TEST_CASE("Bytes prints in the largest unit that keeps the number whole, as Mesos")
{
  struct Case {
    Bytes bytes;
    std::string text;
  };
  const Case cases[] = {
      {Bytes(0), "0B"},
      {Bytes(1), "1B"},
      {Bytes(1023), "1023B"},
      {Bytes(1024), "1KB"},
      {Bytes(1536), "1536B"},
      {Bytes::megabytes(1536), "1536MB"},
      {Bytes::gigabytes(1), "1GB"},
      {Bytes::gigabytes(1024), "1TB"},
      {Bytes::terabytes(3), "3TB"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(c.bytes.toString() == c.text);
    std::ostringstream stream;
    stream << c.bytes;
    CHECK(stream.str() == c.text);
  }
}

TEST_CASE("Bytes arithmetic and comparison")
{
  CHECK(Bytes::megabytes(1) + Bytes::kilobytes(1) == Bytes(1049600));
  CHECK(Bytes::gigabytes(1) - Bytes::megabytes(512) == Bytes::megabytes(512));
  CHECK(Bytes::megabytes(2) * 3 == Bytes::megabytes(6));
  CHECK(Bytes::megabytes(6) / 3 == Bytes::megabytes(2));
  CHECK(Bytes::kilobytes(1) < Bytes::megabytes(1));
}
