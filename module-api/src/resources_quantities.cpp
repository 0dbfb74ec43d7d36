// ResourceQuantities: scalar amounts by name in Mesos' fixed-point arithmetic.
#include <algorithm>

#include "nucleus/module/resource_quantities.hpp"
#include "values.hpp"

namespace nucleus {

namespace {

auto findName(std::vector<std::pair<std::string, double>>& amounts, std::string_view name)
{
  return std::lower_bound(amounts.begin(), amounts.end(), name,
                          [](const auto& entry, std::string_view n) { return entry.first < n; });
}

}  // namespace

ResourceQuantities ResourceQuantities::fromScalars(const Resources& resources)
{
  ResourceQuantities result;
  for (const Resource& resource : resources) {
    if (resource.type() != mesos::v1::Value::SCALAR) continue;
    result.set(resource.name(), values::toFloating(values::toFixed(result.get(resource.name())) +
                                                   values::toFixed(resource.scalar().value())));
  }
  return result;
}

double ResourceQuantities::get(std::string_view name) const
{
  auto it = std::lower_bound(amounts_.begin(), amounts_.end(), name,
                             [](const auto& entry, std::string_view n) { return entry.first < n; });
  return it != amounts_.end() && it->first == name ? it->second : 0.0;
}

void ResourceQuantities::set(std::string_view name, double amount)
{
  std::int64_t fixed = values::toFixed(amount);
  auto it = findName(amounts_, name);
  bool present = it != amounts_.end() && it->first == name;
  if (fixed <= 0) {
    if (present) amounts_.erase(it);
    return;
  }
  if (present) {
    it->second = values::toFloating(fixed);
  } else {
    amounts_.emplace(it, std::string(name), values::toFloating(fixed));
  }
}

bool ResourceQuantities::contains(const ResourceQuantities& that) const
{
  return std::all_of(that.amounts_.begin(), that.amounts_.end(), [&](const auto& entry) {
    return values::toFixed(get(entry.first)) >= values::toFixed(entry.second);
  });
}

ResourceQuantities& ResourceQuantities::operator+=(const ResourceQuantities& that)
{
  for (const auto& [name, amount] : that.amounts_) {
    set(name, values::toFloating(values::toFixed(get(name)) + values::toFixed(amount)));
  }
  return *this;
}

ResourceQuantities& ResourceQuantities::operator-=(const ResourceQuantities& that)
{
  for (const auto& [name, amount] : that.amounts_) {
    set(name, values::toFloating(values::toFixed(get(name)) - values::toFixed(amount)));
  }
  return *this;
}

ResourceQuantities ResourceQuantities::operator+(const ResourceQuantities& that) const
{
  ResourceQuantities result = *this;
  result += that;
  return result;
}

ResourceQuantities ResourceQuantities::operator-(const ResourceQuantities& that) const
{
  ResourceQuantities result = *this;
  result -= that;
  return result;
}

ResourceQuantities ResourceQuantities::min(const ResourceQuantities& that) const
{
  ResourceQuantities result;
  for (const auto& [name, amount] : amounts_) result.set(name, std::min(amount, that.get(name)));
  return result;
}

std::string ResourceQuantities::toString() const
{
  if (amounts_.empty()) return "{}";
  std::string out;
  for (const auto& [name, amount] : amounts_) {
    if (!out.empty()) out += "; ";
    mesos::v1::Value::Scalar scalar;
    scalar.set_value(amount);
    out += name + ":" + values::toString(scalar);
  }
  return out;
}

}  // namespace nucleus
