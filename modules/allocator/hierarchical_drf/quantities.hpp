#pragma once

// Dense scalar quantities for the allocator's hot loops. A NameTable gives each
// resource name ("cpus", "mem"...) a small index; Quantities holds amounts in
// thousandths (Mesos' fixed-point precision) in a vector indexed by it, so
// adding, comparing and computing shares touch no strings and allocate
// nothing once the vectors have grown.
//
// As Mesos 1.5: amounts are rounded to 0.001 and subtraction stops at zero.
//
// Thread safety: plain values; the allocator uses them from its strand only.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nucleus/module/resource_quantities.hpp"
#include "nucleus/module/resources.hpp"

namespace nucleus::modules::drf {

class NameTable {
 public:
  // The index of `name`, registering it on first use.
  std::size_t index(std::string_view name);
  // The index of `name`, or size() when it was never registered.
  std::size_t find(std::string_view name) const;
  const std::string& name(std::size_t index) const { return names_[index]; }
  std::size_t size() const { return names_.size(); }

 private:
  std::unordered_map<std::string, std::size_t> indexes_;
  std::vector<std::string> names_;
};

class Quantities {
 public:
  // Thousandths per name index; indexes past the end are 0.
  std::int64_t milli(std::size_t index) const
  {
    return index < amounts_.size() ? amounts_[index] : 0;
  }
  double get(std::size_t index) const { return static_cast<double>(milli(index)) / 1000.0; }
  void setMilli(std::size_t index, std::int64_t amount);
  std::size_t width() const { return amounts_.size(); }
  bool empty() const;

  // Scalar resources summed by name; ranges and sets are left out.
  static Quantities of(const Resources& resources, NameTable& names);
  static Quantities of(const ResourceQuantities& quantities, NameTable& names);
  static Quantities ofResource(const Resource& resource, NameTable& names);

  // Every amount of `that` is here at least.
  bool contains(const Quantities& that) const;

  Quantities& operator+=(const Quantities& that);
  Quantities& operator-=(const Quantities& that);  // stops at zero
  Quantities operator+(const Quantities& that) const;
  Quantities operator-(const Quantities& that) const;
  bool operator==(const Quantities& that) const;

  ResourceQuantities toResourceQuantities(const NameTable& names) const;

 private:
  std::vector<std::int64_t> amounts_;
};

// Mesos' fixed point: 0.001 resolution.
std::int64_t toMilli(double value);

}  // namespace nucleus::modules::drf
