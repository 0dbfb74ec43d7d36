// The per-resource side of Resources: validation with Mesos 1.5's texts, the
// predicates, role names, the pre/post reservation-refinement conversions, the
// text form, and applying offer operations.
#include <algorithm>

// The pre-refinement `role`/`reservation` fields are deprecated in mesos.proto; this
// file is where they are read and converted on purpose.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#include "nucleus/module/resources.hpp"
#include "values.hpp"

namespace nucleus {

namespace {

using mesos::v1::Value;

bool startsWith(const std::string& s, const std::string& prefix)
{
  return s.compare(0, prefix.size(), prefix) == 0;
}

Try<Nothing> validateValue(const Resource& resource)
{
  switch (resource.type()) {
    case Value::SCALAR:
      if (!resource.has_scalar() || resource.has_ranges() || resource.has_set()) {
        return Error("Invalid scalar resource");
      }
      if (resource.scalar().value() < 0) return Error("Invalid scalar resource: value < 0");
      return Nothing{};
    case Value::RANGES: {
      if (resource.has_scalar() || !resource.has_ranges() || resource.has_set()) {
        return Error("Invalid ranges resource");
      }
      const auto& ranges = resource.ranges().range();
      for (int i = 0; i < ranges.size(); ++i) {
        if (ranges[i].begin() > ranges[i].end()) {
          return Error("Invalid ranges resource: begin > end");
        }
        for (int j = i + 1; j < ranges.size(); ++j) {
          if (ranges[i].begin() <= ranges[j].begin() && ranges[j].begin() <= ranges[i].end()) {
            return Error("Invalid ranges resource: overlapping ranges");
          }
        }
      }
      return Nothing{};
    }
    case Value::SET: {
      if (resource.has_scalar() || resource.has_ranges() || !resource.has_set()) {
        return Error("Invalid set resource");
      }
      const auto& items = resource.set().item();
      for (int i = 0; i < items.size(); ++i) {
        if (std::find(items.begin() + i + 1, items.end(), items[i]) != items.end()) {
          return Error("Invalid set resource: duplicated elements");
        }
      }
      return Nothing{};
    }
    default:
      return Error("Unsupported resource type");
  }
}

Try<Nothing> validatePreRefinement(const Resource& resource)
{
  Try<Nothing> role = Resources::validateRole(resource.role());
  if (!role) return role;
  if (!resource.has_reservation()) return Nothing{};
  if (resource.reservation().has_type()) {
    return Error(
        "'Resource.ReservationInfo.type' must not be set for the 'Resource.reservation' field");
  }
  if (resource.reservation().has_role()) {
    return Error(
        "'Resource.ReservationInfo.role' must not be set for the 'Resource.reservation' field");
  }
  if (resource.role() == "*") {
    return Error("Invalid reservation: role \"*\" cannot be dynamically reserved");
  }
  return Nothing{};
}

Try<Nothing> validateSingleReservation(const Resource& resource)
{
  const Resource::ReservationInfo& reservation = resource.reservations(0);
  if (resource.has_role() && resource.role() != reservation.role()) {
    return Error("Invalid resource format: 'Resource.role' field with '" + resource.role() +
                 "' does not match the role '" + reservation.role() +
                 "' in 'Resource.reservations'");
  }
  switch (reservation.type()) {
    case Resource::ReservationInfo::STATIC:
      if (resource.has_reservation()) {
        return Error(
            "Invalid resource format: 'Resource.reservation' must not be set if the single "
            "reservation in 'Resource.reservations' is STATIC");
      }
      return Nothing{};
    case Resource::ReservationInfo::DYNAMIC:
      if (resource.has_role() != resource.has_reservation()) {
        return Error(
            "Invalid resource format: 'Resource.role' and 'Resource.reservation' must either be "
            "both set or both not set if the single reservation in 'Resource.reservations' is "
            "DYNAMIC");
      }
      if (resource.has_reservation() &&
          resource.reservation().principal() != reservation.principal()) {
        return Error("Invalid resource format: 'Resource.reservation.principal' field with '" +
                     resource.reservation().principal() + "' does not match the principal '" +
                     reservation.principal() + "' in 'Resource.reservations'");
      }
      if (resource.has_reservation() &&
          !values::equal(resource.reservation().labels(), reservation.labels())) {
        return Error("Invalid resource format: 'Resource.reservation.labels' field with '" +
                     values::toString(resource.reservation().labels()) +
                     "' does not match the labels '" + values::toString(reservation.labels()) +
                     "' in 'Resource.reservations'");
      }
      return Nothing{};
    default:
      return Error("Unsupported 'Resource.ReservationInfo.Type'");
  }
}

Try<Nothing> validateReservations(const Resource& resource)
{
  if (resource.reservations_size() == 0) return validatePreRefinement(resource);

  for (const auto& reservation : resource.reservations()) {
    if (!reservation.has_type()) {
      return Error("Invalid reservation: 'Resource.ReservationInfo.type' field must be set.");
    }
    if (!reservation.has_role()) {
      return Error("Invalid reservation: 'Resource.ReservationInfo.role' field must be set.");
    }
    Try<Nothing> role = Resources::validateRole(reservation.role());
    if (!role) return role;
    if (reservation.role() == "*") {
      return Error("Invalid reservation: role \"*\" cannot be reserved");
    }
  }

  std::string ancestor = resource.reservations(0).role();
  for (int i = 1; i < resource.reservations_size(); ++i) {
    const auto& reservation = resource.reservations(i);
    if (reservation.type() == Resource::ReservationInfo::STATIC) {
      return Error("Invalid refined reservation: A refined reservation cannot be STATIC");
    }
    if (!startsWith(reservation.role(), ancestor + "/")) {
      return Error("Invalid refined reservation: role '" + reservation.role() +
                   "' is not a refinement of '" + ancestor + "'");
    }
    ancestor = reservation.role();
  }

  if (resource.reservations_size() == 1) return validateSingleReservation(resource);
  if (resource.has_role()) {
    return Error(
        "Invalid resource format: 'Resource.role' must not be set if there is more than one "
        "reservation in 'Resource.reservations'");
  }
  if (resource.has_reservation()) {
    return Error(
        "Invalid resource format: 'Resource.reservation' must not be set if there is more than "
        "one reservation in 'Resource.reservations'");
  }
  return Nothing{};
}

std::string sourceText(const Resource::DiskInfo::Source& source)
{
  using Source = Resource::DiskInfo::Source;
  std::string identity = source.has_id() || source.has_profile()
                             ? "(" + source.id() + "," + source.profile() + ")"
                             : "";
  switch (source.type()) {
    case Source::MOUNT:
      return "MOUNT" + identity + (source.mount().has_root() ? ":" + source.mount().root() : "");
    case Source::PATH:
      return "PATH" + identity + (source.path().has_root() ? ":" + source.path().root() : "");
    case Source::BLOCK:
      return "BLOCK" + identity;
    case Source::RAW:
      return "RAW" + identity;
    default:
      return "UNKNOWN";
  }
}

std::string diskText(const Resource::DiskInfo& disk)
{
  std::string out;
  if (disk.has_source()) out += sourceText(disk.source());
  if (disk.has_persistence()) {
    if (disk.has_source()) out += ",";
    out += disk.persistence().id();
  }
  if (disk.has_volume()) {
    const auto& volume = disk.volume();
    std::string config = volume.container_path();
    if (volume.has_host_path()) {
      config = volume.host_path() + ":" + config;
      if (volume.has_mode()) config += volume.mode() == mesos::v1::Volume::RO ? ":ro" : ":rw";
    }
    out += ":" + config;
  }
  return out;
}

}  // namespace

Try<Nothing> Resources::validateRole(const std::string& role)
{
  if (role == "*") return Nothing{};
  if (startsWith(role, "/")) return Error("Role '" + role + "' cannot start with a slash");
  if (!role.empty() && role.back() == '/') {
    return Error("Role '" + role + "' cannot end with a slash");
  }
  if (role.find("//") != std::string::npos) {
    return Error("Role '" + role + "' cannot contain two adjacent slashes");
  }
  if (role.empty()) return Error("Role names cannot be the empty string");

  std::size_t start = 0;
  while (start <= role.size()) {
    std::size_t end = role.find('/', start);
    if (end == std::string::npos) end = role.size();
    std::string component = role.substr(start, end - start);
    if (component == "." || component == ".." || component == "*") {
      return Error("Role '" + role + "' cannot include '" + component + "' as a component");
    }
    if (startsWith(component, "-")) {
      return Error("Role component '" + component + "' is invalid because it starts with a dash");
    }
    if (component.find_first_of("\x09\x0a\x0b\x0c\x0d\x20\x7f") != std::string::npos) {
      return Error("Role component '" + component +
                   "' is invalid because it contains backspace or whitespace");
    }
    start = end + 1;
  }
  return Nothing{};
}

Try<Nothing> Resources::validate(const Resource& resource)
{
  if (resource.name().empty()) return Error("Empty resource name");
  if (!Value::Type_IsValid(resource.type())) return Error("Invalid resource type");

  Try<Nothing> value = validateValue(resource);
  if (!value) return value;

  if (resource.has_disk()) {
    if (resource.name() != "disk") {
      return Error("DiskInfo should not be set for " + resource.name() + " resource");
    }
    if (resource.disk().has_source() &&
        resource.disk().source().type() == Resource::DiskInfo::Source::UNKNOWN) {
      return Error("Unsupported 'DiskInfo.Source.Type' in '" +
                   sourceText(resource.disk().source()) + "'");
    }
  }

  Try<Nothing> reservations = validateReservations(resource);
  if (!reservations) return reservations;

  if (resource.has_shared()) {
    if (resource.name() != "disk") {
      return Error("Resource " + resource.name() + " cannot be shared");
    }
    if (!resource.has_disk() || !resource.disk().has_persistence()) {
      return Error("Only persistent volumes can be shared");
    }
  }
  return Nothing{};
}

Try<Nothing> Resources::validate(const ResourceList& resources)
{
  for (const Resource& resource : resources) {
    Try<Nothing> valid = validate(resource);
    if (!valid) {
      return Error("Resource '" + toString(resource) + "' is invalid: " + valid.error().message);
    }
  }
  return Nothing{};
}

bool Resources::isEmpty(const Resource& resource)
{
  switch (resource.type()) {
    case Value::SCALAR:
      return values::toFixed(resource.scalar().value()) == 0;
    case Value::RANGES:
      return resource.ranges().range_size() == 0;
    case Value::SET:
      return resource.set().item_size() == 0;
    default:
      return false;
  }
}

std::string Resources::reservationRole(const Resource& resource)
{
  if (resource.reservations_size() > 0) return resource.reservations().rbegin()->role();
  return resource.role();  // "*" by default
}

bool Resources::isReserved(const Resource& resource, const std::optional<std::string>& role)
{
  return !isUnreserved(resource) && (!role || *role == reservationRole(resource));
}

bool Resources::isUnreserved(const Resource& resource)
{
  return reservationRole(resource) == "*";
}

bool Resources::isDynamicallyReserved(const Resource& resource)
{
  if (resource.reservations_size() > 0) {
    return resource.reservations().rbegin()->type() == Resource::ReservationInfo::DYNAMIC;
  }
  return resource.has_reservation() && resource.role() != "*";
}

bool Resources::isPersistentVolume(const Resource& resource)
{
  return resource.has_disk() && resource.disk().has_persistence();
}

bool Resources::isRevocable(const Resource& resource)
{
  return resource.has_revocable();
}

bool Resources::isShared(const Resource& resource)
{
  return resource.has_shared();
}

bool Resources::isSubroleOf(const std::string& role, const std::string& ancestor)
{
  return role == ancestor || startsWith(role, ancestor + "/");
}

bool Resources::hasRefinedReservations(const Resource& resource)
{
  return resource.reservations_size() > 1;
}

bool Resources::isAllocatableTo(const Resource& resource, const std::string& role)
{
  return isUnreserved(resource) || isSubroleOf(role, reservationRole(resource));
}

void Resources::upgrade(Resource* resource)
{
  if (resource->reservations_size() == 0 && resource->role() != "*") {
    Resource::ReservationInfo* reservation = resource->add_reservations();
    if (resource->has_reservation()) {
      *reservation = resource->reservation();
      reservation->set_type(Resource::ReservationInfo::DYNAMIC);
    } else {
      reservation->set_type(Resource::ReservationInfo::STATIC);
    }
    reservation->set_role(resource->role());
  }
  resource->clear_role();
  resource->clear_reservation();
}

void Resources::upgrade(ResourceList* resources)
{
  for (Resource& resource : *resources) upgrade(&resource);
}

Try<Nothing> Resources::downgrade(Resource* resource)
{
  if (resource->reservations_size() > 1) {
    return Error("Cannot downgrade resource '" + toString(*resource) +
                 "': it has a refined reservation");
  }
  if (resource->reservations_size() == 1) {
    const Resource::ReservationInfo reservation = resource->reservations(0);
    resource->set_role(reservation.role());
    if (reservation.type() == Resource::ReservationInfo::DYNAMIC) {
      Resource::ReservationInfo* legacy = resource->mutable_reservation();
      if (reservation.has_principal()) legacy->set_principal(reservation.principal());
      if (reservation.has_labels()) *legacy->mutable_labels() = reservation.labels();
    }
    resource->clear_reservations();
  }
  return Nothing{};
}

Try<Nothing> Resources::downgrade(ResourceList* resources)
{
  for (const Resource& resource : *resources) {
    if (resource.reservations_size() > 1) {
      return Error("Cannot downgrade resource '" + toString(resource) +
                   "': it has a refined reservation");
    }
  }
  for (Resource& resource : *resources) {
    Try<Nothing> done = downgrade(&resource);
    if (!done) return done;
  }
  return Nothing{};
}

std::string Resources::toString(const Resource& resource)
{
  std::string out = resource.name();
  if (resource.has_allocation_info()) {
    out += "(allocated: " + resource.allocation_info().role() + ")";
  }
  out += "(" + reservationRole(resource) + ")";
  if (resource.has_disk()) out += "[" + diskText(resource.disk()) + "]";
  if (resource.has_revocable()) out += "{REV}";
  if (resource.has_shared()) out += "<SHARED>";
  out += ":";
  switch (resource.type()) {
    case Value::SCALAR:
      out += values::toString(resource.scalar());
      break;
    case Value::RANGES:
      out += values::toString(resource.ranges());
      break;
    case Value::SET:
      out += values::toString(resource.set());
      break;
    default:
      out += "?";
      break;
  }
  return out;
}

}  // namespace nucleus
