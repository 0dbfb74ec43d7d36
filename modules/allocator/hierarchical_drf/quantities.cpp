#include "quantities.hpp"

#include <algorithm>
#include <cmath>

namespace nucleus::modules::drf {

std::int64_t toMilli(double value)
{
  return static_cast<std::int64_t>(std::llround(value * 1000.0));
}

std::size_t NameTable::index(std::string_view name)
{
  auto found = indexes_.find(std::string(name));
  if (found != indexes_.end()) return found->second;
  std::size_t index = names_.size();
  names_.emplace_back(name);
  indexes_.emplace(names_.back(), index);
  return index;
}

std::size_t NameTable::find(std::string_view name) const
{
  auto found = indexes_.find(std::string(name));
  return found == indexes_.end() ? names_.size() : found->second;
}

void Quantities::setMilli(std::size_t index, std::int64_t amount)
{
  if (index >= amounts_.size()) {
    if (amount == 0) return;
    amounts_.resize(index + 1, 0);
  }
  amounts_[index] = std::max<std::int64_t>(amount, 0);
}

bool Quantities::empty() const
{
  return std::all_of(amounts_.begin(), amounts_.end(), [](std::int64_t a) { return a == 0; });
}

Quantities Quantities::ofResource(const Resource& resource, NameTable& names)
{
  Quantities result;
  if (resource.type() == mesos::v1::Value::SCALAR) {
    result.setMilli(names.index(resource.name()), toMilli(resource.scalar().value()));
  }
  return result;
}

Quantities Quantities::of(const Resources& resources, NameTable& names)
{
  Quantities result;
  for (const Resource& resource : resources) {
    if (resource.type() != mesos::v1::Value::SCALAR) continue;
    std::size_t index = names.index(resource.name());
    result.setMilli(index, result.milli(index) + toMilli(resource.scalar().value()));
  }
  return result;
}

Quantities Quantities::of(const ResourceQuantities& quantities, NameTable& names)
{
  Quantities result;
  for (const auto& [name, amount] : quantities.amounts()) {
    result.setMilli(names.index(name), toMilli(amount));
  }
  return result;
}

bool Quantities::contains(const Quantities& that) const
{
  for (std::size_t i = 0; i < that.amounts_.size(); ++i) {
    if (that.amounts_[i] > milli(i)) return false;
  }
  return true;
}

Quantities& Quantities::operator+=(const Quantities& that)
{
  if (that.amounts_.size() > amounts_.size()) amounts_.resize(that.amounts_.size(), 0);
  for (std::size_t i = 0; i < that.amounts_.size(); ++i) amounts_[i] += that.amounts_[i];
  return *this;
}

Quantities& Quantities::operator-=(const Quantities& that)
{
  std::size_t n = std::min(amounts_.size(), that.amounts_.size());
  for (std::size_t i = 0; i < n; ++i) {
    amounts_[i] = std::max<std::int64_t>(amounts_[i] - that.amounts_[i], 0);
  }
  return *this;
}

Quantities Quantities::operator+(const Quantities& that) const
{
  Quantities result = *this;
  result += that;
  return result;
}

Quantities Quantities::operator-(const Quantities& that) const
{
  Quantities result = *this;
  result -= that;
  return result;
}

bool Quantities::operator==(const Quantities& that) const
{
  std::size_t n = std::max(amounts_.size(), that.amounts_.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (milli(i) != that.milli(i)) return false;
  }
  return true;
}

ResourceQuantities Quantities::toResourceQuantities(const NameTable& names) const
{
  ResourceQuantities result;
  for (std::size_t i = 0; i < amounts_.size(); ++i) {
    if (amounts_[i] > 0) result.set(names.name(i), get(i));
  }
  return result;
}

}  // namespace nucleus::modules::drf
