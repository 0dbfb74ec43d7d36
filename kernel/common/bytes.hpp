#pragma once

// Bytes: an amount of memory or disk, written the way Mesos writes it
// ("1024B", "10KB", "64MB", "2GB", "1TB"; units are powers of 1024). Flags
// that take sizes (e.g. --fetcher_cache_size) and the /flags endpoint use parse()
// and toString() so that values typed for Mesos keep working.
//
// Thread safety: a plain value; no internal synchronisation.

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "nucleus/module/try.hpp"

namespace nucleus {

class Bytes {
 public:
  static constexpr uint64_t kByte = 1;
  static constexpr uint64_t kKilobyte = 1024 * kByte;
  static constexpr uint64_t kMegabyte = 1024 * kKilobyte;
  static constexpr uint64_t kGigabyte = 1024 * kMegabyte;
  static constexpr uint64_t kTerabyte = 1024 * kGigabyte;

  constexpr Bytes() = default;
  constexpr explicit Bytes(uint64_t bytes) : bytes_(bytes) {}

  // As Mesos: a whole non-negative number directly followed by B, KB, MB, GB
  // or TB (the unit in any letter case). Fractions are refused, as in Mesos.
  static Try<Bytes> parse(std::string_view text);

  static constexpr Bytes kilobytes(uint64_t n) { return Bytes(n * kKilobyte); }
  static constexpr Bytes megabytes(uint64_t n) { return Bytes(n * kMegabyte); }
  static constexpr Bytes gigabytes(uint64_t n) { return Bytes(n * kGigabyte); }
  static constexpr Bytes terabytes(uint64_t n) { return Bytes(n * kTerabyte); }

  constexpr uint64_t bytes() const { return bytes_; }

  // As Mesos prints it: the largest unit that divides the amount exactly
  // (1536MB stays 1536MB; 1073741824B is 1GB; 0 is 0B).
  std::string toString() const;

  friend constexpr auto operator<=>(const Bytes&, const Bytes&) = default;

  constexpr Bytes& operator+=(Bytes that)
  {
    bytes_ += that.bytes_;
    return *this;
  }
  constexpr Bytes& operator-=(Bytes that)
  {
    bytes_ -= that.bytes_;
    return *this;
  }
  friend constexpr Bytes operator+(Bytes a, Bytes b) { return a += b; }
  friend constexpr Bytes operator-(Bytes a, Bytes b) { return a -= b; }
  friend constexpr Bytes operator*(Bytes a, uint64_t factor) { return Bytes(a.bytes_ * factor); }
  friend constexpr Bytes operator/(Bytes a, uint64_t divisor) { return Bytes(a.bytes_ / divisor); }

 private:
  uint64_t bytes_ = 0;
};

std::ostream& operator<<(std::ostream& stream, Bytes bytes);

}  // namespace nucleus
