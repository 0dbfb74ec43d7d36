#pragma once

// ResourceQuantities: scalar amounts by resource name ("cpus" -> 2.5), with no
// reservation, disk or allocation detail. What quota, DRF shares and headroom
// count; cheap to copy and compare, so allocators can use it in hot loops.
//
// As Mesos 1.5: amounts use fixed-point arithmetic rounded to 0.001, and
// subtraction stops at zero (a name whose amount reaches zero is dropped).
//
// Thread safety: a value type; no shared state.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nucleus/module/resources.hpp"

namespace nucleus {

class ResourceQuantities {
 public:
  ResourceQuantities() = default;

  // The scalar resources of `resources`, summed by name (ranges and sets are
  // ignored, as Mesos' quota ignores them).
  static ResourceQuantities fromScalars(const Resources& resources);

  // 0 when absent.
  double get(std::string_view name) const;
  void set(std::string_view name, double amount);
  bool empty() const { return amounts_.empty(); }

  // Every name of `that` is here with at least its amount.
  bool contains(const ResourceQuantities& that) const;

  ResourceQuantities& operator+=(const ResourceQuantities& that);
  ResourceQuantities& operator-=(const ResourceQuantities& that);
  ResourceQuantities operator+(const ResourceQuantities& that) const;
  ResourceQuantities operator-(const ResourceQuantities& that) const;
  bool operator==(const ResourceQuantities& that) const = default;

  // Per-name minimum of the two.
  ResourceQuantities min(const ResourceQuantities& that) const;

  // Sorted by name.
  const std::vector<std::pair<std::string, double>>& amounts() const { return amounts_; }

  // "cpus:2; mem:1024"; "{}" when empty.
  std::string toString() const;

 private:
  std::vector<std::pair<std::string, double>> amounts_;
};

}  // namespace nucleus
