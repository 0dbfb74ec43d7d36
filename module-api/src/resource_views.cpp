// Resources views and transformations: filters, allocation, reservation push/pop,
// totals, and the stripped forms quota and DRF count with (Mesos 1.5 semantics).
#include <set>

#include "nucleus/module/resources.hpp"
#include "values.hpp"

namespace nucleus {

using mesos::v1::Value;

Resources Resources::filter(const std::function<bool(const Resource&)>& predicate) const
{
  Resources result;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    if (predicate(resources_[i])) result.add(resources_[i], counts_[i]);
  }
  return result;
}

Resources Resources::reserved(const std::optional<std::string>& role) const
{
  return filter([&](const Resource& r) { return isReserved(r, role); });
}

Resources Resources::unreserved() const
{
  return filter(isUnreserved);
}

Resources Resources::allocatableTo(const std::string& role) const
{
  return filter([&](const Resource& r) { return isAllocatableTo(r, role); });
}

Resources Resources::revocable() const
{
  return filter(isRevocable);
}

Resources Resources::nonRevocable() const
{
  return filter([](const Resource& r) { return !isRevocable(r); });
}

Resources Resources::persistentVolumes() const
{
  return filter(isPersistentVolume);
}

Resources Resources::scalars() const
{
  return filter([](const Resource& r) { return r.type() == Value::SCALAR; });
}

Resources Resources::shared() const
{
  return filter(isShared);
}

Resources Resources::nonShared() const
{
  return filter([](const Resource& r) { return !isShared(r); });
}

Resources Resources::get(const std::string& name) const
{
  return filter([&](const Resource& r) { return r.name() == name; });
}

Resources Resources::allocatedTo(const std::string& role) const
{
  return filter([&](const Resource& r) {
    return r.has_allocation_info() && r.allocation_info().role() == role;
  });
}

void Resources::allocate(const std::string& role)
{
  // Entries stay distinct: they differed before in something other than allocation.
  for (Resource& resource : resources_) resource.mutable_allocation_info()->set_role(role);
}

void Resources::unallocate()
{
  Resources result;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    Resource copy = resources_[i];
    copy.clear_allocation_info();
    result.add(copy, counts_[i]);
  }
  *this = std::move(result);
}

std::vector<std::string> Resources::allocationRoles() const
{
  std::set<std::string> roles;
  for (const Resource& resource : resources_) {
    if (resource.has_allocation_info()) roles.insert(resource.allocation_info().role());
  }
  return {roles.begin(), roles.end()};
}

Resources Resources::pushReservation(const Resource::ReservationInfo& reservation) const
{
  Resources result;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    Resource copy = resources_[i];
    *copy.add_reservations() = reservation;
    result.add(copy, counts_[i]);
  }
  return result;
}

Try<Resources> Resources::popReservation() const
{
  Resources result;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    Resource copy = resources_[i];
    if (copy.reservations_size() == 0) {
      return Error("Cannot pop a reservation from unreserved resource '" + toString(copy) + "'");
    }
    copy.mutable_reservations()->RemoveLast();
    result.add(copy, counts_[i]);
  }
  return result;
}

std::optional<double> Resources::scalar(const std::string& name) const
{
  std::optional<Value::Scalar> total;
  for (const Resource& resource : resources_) {
    if (resource.name() != name || resource.type() != Value::SCALAR) continue;
    total = total ? values::add(*total, resource.scalar()) : resource.scalar();
  }
  if (!total) return std::nullopt;
  return total->value();
}

std::optional<Value::Ranges> Resources::ports() const
{
  std::optional<Value::Ranges> total;
  for (const Resource& resource : resources_) {
    if (resource.name() != "ports" || resource.type() != Value::RANGES) continue;
    total = total ? values::add(*total, resource.ranges()) : resource.ranges();
  }
  return total;
}

std::vector<std::string> Resources::names() const
{
  std::set<std::string> names;
  for (const Resource& resource : resources_) names.insert(resource.name());
  return {names.begin(), names.end()};
}

Resources Resources::toUnreserved() const
{
  Resources result;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    Resource copy = resources_[i];
    copy.clear_reservations();
    result.add(copy, counts_[i]);
  }
  return result;
}

Resources Resources::createStrippedScalarQuantity() const
{
  Resources result;
  for (const Resource& resource : resources_) {
    if (resource.type() != Value::SCALAR) continue;
    Resource copy = resource;
    copy.clear_provider_id();
    copy.clear_allocation_info();
    if (copy.reservations_size() > 0) {
      Resource::ReservationInfo collapsed;
      collapsed.set_type(Resource::ReservationInfo::STATIC);
      collapsed.set_role(reservationRole(copy));
      copy.clear_reservations();
      *copy.add_reservations() = collapsed;
    }
    copy.clear_disk();
    copy.clear_shared();
    result.add(copy, 1);
  }
  return result;
}

}  // namespace nucleus
