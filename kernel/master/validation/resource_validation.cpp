// Resource rules of Mesos 1.5's master validation (resource namespace).
#include <map>

#include "kernel/master/validation/validation_internal.hpp"

namespace nucleus::master::validation {

namespace internal {
namespace {

Try<Nothing> validateGpus(const ResourceList& resources)
{
  double gpus = Resources(resources).scalar("gpus").value_or(0.0);
  if (static_cast<long long>(gpus * 1000.0) % 1000 != 0) {
    return Error("The 'gpus' resource must be an unsigned integer");
  }
  return Nothing{};
}

Try<Nothing> validateDiskInfo(const ResourceList& resources)
{
  for (const Resource& resource : resources) {
    if (!resource.has_disk()) continue;
    const auto& disk = resource.disk();
    if (disk.has_persistence()) {
      if (Resources::isRevocable(resource)) {
        return Error("Persistent volumes cannot be created from revocable resources");
      }
      if (Resources::isUnreserved(resource)) {
        return Error("Persistent volumes cannot be created from unreserved resources");
      }
      if (!disk.has_volume()) return Error("Expecting 'volume' to be set for persistent volume");
      if (disk.volume().has_host_path()) {
        return Error("Expecting 'host_path' to be unset for persistent volume");
      }
      Try<Nothing> id = validateId(disk.persistence().id());
      if (!id) return Error("Invalid persistence ID for persistent volume: " + id.error().message);
    } else if (disk.has_volume()) {
      return Error("Non-persistent volume not supported");
    } else if (!disk.has_source()) {
      return Error("DiskInfo is set but empty");
    }
  }
  return Nothing{};
}

Try<Nothing> validateDynamicReservationInfo(const ResourceList& resources)
{
  for (const Resource& resource : resources) {
    if (Resources::isDynamicallyReserved(resource) && Resources::isRevocable(resource)) {
      return Error("Dynamically reserved resource " + Resources::toString(resource) +
                   " cannot be created from revocable resources");
    }
  }
  return Nothing{};
}

}  // namespace

Try<Nothing> validateUniquePersistenceId(const Resources& resources)
{
  // Persistence ids are unique per role on an agent.
  std::map<std::string, std::set<std::string>> idsByRole;
  for (const Resource& volume : resources.persistentVolumes()) {
    const std::string& id = volume.disk().persistence().id();
    if (!idsByRole[Resources::reservationRole(volume)].insert(id).second) {
      return Error("Persistence ID '" + id + "' is not unique");
    }
  }
  return Nothing{};
}

Try<Nothing> validateRevocableAndNonRevocable(const Resources& all)
{
  for (const std::string& name : all.names()) {
    Resources resources = all.get(name);
    if (!resources.revocable().empty() && resources != resources.revocable()) {
      return Error("Cannot use both revocable and non-revocable '" + name + "' at the same time");
    }
  }
  return Nothing{};
}

Try<Nothing> validateAllocatedToSingleRole(const ResourceList& resources)
{
  std::optional<std::string> role;
  for (const Resource& resource : resources) {
    if (!resource.allocation_info().has_role()) {
      return Error("The resources are not allocated to a role");
    }
    const std::string& current = resource.allocation_info().role();
    if (!role) {
      role = current;
    } else if (current != *role) {
      return Error("The resources have multiple allocation roles ('" + current + "' and '" + *role +
                   "') but only one allocation role is allowed");
    }
  }
  return Nothing{};
}

Try<Nothing> validatePersistentVolume(const ResourceList& volumes)
{
  for (const Resource& volume : volumes) {
    if (!volume.has_disk()) {
      return Error("Resource " + Resources::toString(volume) + " does not have DiskInfo");
    }
    if (!volume.disk().has_persistence()) return Error("'persistence' is not set in DiskInfo");
    if (!volume.disk().has_volume()) {
      return Error("Expecting 'volume' to be set for persistent volume");
    }
    if (volume.disk().volume().mode() == mesos::v1::Volume::RO) {
      return Error("Read-only persistent volume not supported");
    }
  }
  return Nothing{};
}

Try<Nothing> validateSingleResourceProvider(const ResourceList& resources)
{
  std::set<std::string> providers;
  bool withoutProvider = false;
  for (const Resource& resource : resources) {
    if (resource.has_provider_id()) {
      providers.insert(resource.provider_id().value());
    } else {
      withoutProvider = true;
    }
  }
  if (withoutProvider && !providers.empty()) {
    return Error("Some resources have a resource provider and some do not");
  }
  if (providers.size() > 1) {
    std::string ids;
    for (const std::string& id : providers) ids += (ids.empty() ? "" : ", ") + id;
    return Error("The resources have multiple resource providers: " + ids);
  }
  return Nothing{};
}

}  // namespace internal

Try<Nothing> validateResources(
    const google::protobuf::RepeatedPtrField<mesos::v1::Resource>& resources)
{
  Try<Nothing> valid = Resources::validate(resources);
  if (!valid) return Error("Invalid resources: " + valid.error().message);
  valid = internal::validateGpus(resources);
  if (!valid) return Error("Invalid 'gpus' resource: " + valid.error().message);
  valid = internal::validateDiskInfo(resources);
  if (!valid) return Error("Invalid DiskInfo: " + valid.error().message);
  valid = internal::validateDynamicReservationInfo(resources);
  if (!valid) return Error("Invalid ReservationInfo: " + valid.error().message);
  return Nothing{};
}

}  // namespace nucleus::master::validation
