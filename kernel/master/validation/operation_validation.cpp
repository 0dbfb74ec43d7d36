// RESERVE, UNRESERVE, CREATE and DESTROY checks as Mesos 1.5's
// operation::validate. Nucleus agents all have the HIERARCHICAL_ROLE and
// RESERVATION_REFINEMENT capabilities, so Mesos' checks on those are moot.
#include "kernel/master/validation/validation_internal.hpp"

namespace nucleus::master::validation {

namespace {

using mesos::v1::Resource;
using ResourceList = google::protobuf::RepeatedPtrField<Resource>;

Try<Nothing> validateOperationResources(const ResourceList& resources)
{
  Try<Nothing> valid = validateResources(resources);
  if (!valid) return Error("Invalid resources: " + valid.error().message);
  valid = internal::validateSingleResourceProvider(resources);
  if (!valid) return Error("Invalid resources: " + valid.error().message);
  return Nothing{};
}

Try<Nothing> validateReservedBy(const Resource& resource, const std::string& principal)
{
  const Resource::ReservationInfo& reservation = *resource.reservations().rbegin();
  if (!reservation.has_principal()) {
    return Error("A reserve operation was attempted by principal '" + principal +
                 "', but there is a reserved resource in the request with no principal set");
  }
  if (reservation.principal() != principal) {
    return Error("A reserve operation was attempted by authenticated principal '" + principal +
                 "', which does not match a reserved resource in the request with principal '" +
                 reservation.principal() + "'");
  }
  return Nothing{};
}

Try<Nothing> validateReserveRoles(const Resource& resource, const std::set<std::string>& roles)
{
  const std::string reservationRole = Resources::reservationRole(resource);
  if (!resource.allocation_info().has_role()) {
    return Error("A reserve operation was attempted on unallocated resource " +
                 Resources::toString(resource) +
                 ", but frameworks can only perform reservations on allocated resources");
  }
  const std::string& allocationRole = resource.allocation_info().role();
  if (allocationRole != reservationRole) {
    return Error("A reserve operation was attempted for a resource with role '" + reservationRole +
                 "', but the resource was allocated to role '" + allocationRole + "'");
  }
  if (roles.count(allocationRole) == 0) {
    return Error("A reserve operation was attempted for a resource allocated to role '" +
                 allocationRole + "', but the framework only has roles '" +
                 internal::setText(roles) + "'");
  }
  return Nothing{};
}

}  // namespace

Try<Nothing> validateReserve(const mesos::v1::Offer::Operation::Reserve& op,
                             const std::optional<std::string>& principal,
                             const std::set<std::string>& frameworkRoles)
{
  // Also ensures nothing is reserved to "*".
  Try<Nothing> valid = validateOperationResources(op.resources());
  if (!valid) return valid;

  const bool byFramework = !frameworkRoles.empty();
  for (Resource resource : op.resources()) {
    Resources::upgrade(&resource);
    if (!Resources::isDynamicallyReserved(resource)) {
      return Error("Resource " + Resources::toString(resource) + " is not dynamically reserved");
    }
    if (principal) {
      valid = validateReservedBy(resource, *principal);
      if (!valid) return valid;
    }
    if (byFramework) {
      valid = validateReserveRoles(resource, frameworkRoles);
      if (!valid) return valid;
    } else if (resource.has_allocation_info()) {
      return Error(
          "A reserve operation was attempted with an allocated resource, but the operator API "
          "only allows reservations to be made to unallocated resources");
    }
    if (Resources::isPersistentVolume(resource)) {
      return Error("A persistent volume " + Resources::toString(resource) +
                   " must already be reserved");
    }
  }

  if (byFramework) {
    valid = internal::validateAllocatedToSingleRole(op.resources());
    if (!valid) return Error("Invalid reservation resources: " + valid.error().message);
  }
  return Nothing{};
}

Try<Nothing> validateUnreserve(const mesos::v1::Offer::Operation::Unreserve& op)
{
  Try<Nothing> valid = validateOperationResources(op.resources());
  if (!valid) return valid;
  // As Mesos: any principal may unreserve (authorization decides, not validation).
  for (const Resource& resource : op.resources()) {
    if (!Resources::isDynamicallyReserved(resource)) {
      return Error("Resource " + Resources::toString(resource) + " is not dynamically reserved");
    }
    if (Resources::isPersistentVolume(resource)) {
      return Error("A dynamically reserved persistent volume " + Resources::toString(resource) +
                   " cannot be unreserved directly. Please destroy the persistent volume first "
                   "then unreserve the resource");
    }
  }
  return Nothing{};
}

Try<Nothing> validateCreate(const mesos::v1::Offer::Operation::Create& op,
                            const Resources& checkpointed,
                            const std::optional<std::string>& principal,
                            const std::set<std::string>& frameworkRoles,
                            const mesos::v1::FrameworkInfo* framework)
{
  Try<Nothing> valid = validateOperationResources(op.volumes());
  if (!valid) return valid;
  valid = internal::validatePersistentVolume(op.volumes());
  if (!valid) return Error("Not a persistent volume: " + valid.error().message);
  valid = internal::validateUniquePersistenceId(checkpointed + Resources(op.volumes()));
  if (!valid) return valid;

  const bool byFramework = !frameworkRoles.empty();
  for (const Resource& volume : op.volumes()) {
    if (framework != nullptr && volume.has_shared() &&
        !internal::hasCapability(*framework,
                                 mesos::v1::FrameworkInfo::Capability::SHARED_RESOURCES)) {
      return Error("Create volume operation for '" + Resources::toString(volume) +
                   "' has been attempted by framework '" + framework->id().value() +
                   "' with no SHARED_RESOURCES capability");
    }
    if (!principal) continue;
    const auto& persistence = volume.disk().persistence();
    if (!persistence.has_principal()) {
      return Error("Create volume operation attempted by principal '" + *principal +
                   "', but there is a volume in the operation with no principal set in "
                   "'disk.persistence'");
    }
    if (persistence.principal() != *principal) {
      return Error("Create volume operation attempted by authenticated principal '" + *principal +
                   "', which does not match a volume in the operation with principal '" +
                   persistence.principal() + "' set in 'disk.persistence'");
    }
  }

  if (byFramework) {
    valid = internal::validateAllocatedToSingleRole(op.volumes());
    if (!valid) return Error("Invalid volume resources: " + valid.error().message);
  }
  return Nothing{};
}

Try<Nothing> validateDestroy(const mesos::v1::Offer::Operation::Destroy& op,
                             const Resources& checkpointed,
                             const std::set<std::string>& pendingVolumeIds)
{
  // Volumes may come allocated (a framework's ACCEPT) or not (the operator API).
  ResourceList volumes = op.volumes();
  for (Resource& volume : volumes) volume.clear_allocation_info();

  Try<Nothing> valid = validateOperationResources(volumes);
  if (!valid) return valid;
  valid = internal::validatePersistentVolume(volumes);
  if (!valid) return Error("Not a persistent volume: " + valid.error().message);

  Resources known = checkpointed;
  known.unallocate();
  for (const Resource& volume : volumes) {
    if (volume.has_provider_id()) continue;
    if (!known.contains(volume)) return Error("Persistent volumes not found");
  }
  for (const Resource& volume : volumes) {
    if (pendingVolumeIds.count(volume.disk().persistence().id()) != 0) {
      return Error("Persistent volumes in use");
    }
  }
  return Nothing{};
}

}  // namespace nucleus::master::validation
