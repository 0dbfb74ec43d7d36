#include "kernel/master/resource_conversions.hpp"

#include <set>

namespace nucleus::master {

namespace {

// A volume as plain disk: no persistence and no mount point (the disk source stays).
mesos::v1::Resource stripVolume(mesos::v1::Resource volume)
{
  if (volume.has_disk()) {
    volume.mutable_disk()->clear_persistence();
    volume.mutable_disk()->clear_volume();
    if (volume.disk().ByteSizeLong() == 0) volume.clear_disk();
  }
  volume.clear_shared();
  return volume;
}

}  // namespace

Try<ResourceConversion> conversionOf(const mesos::v1::Offer::Operation& operation)
{
  using Operation = mesos::v1::Offer::Operation;
  ResourceConversion conversion;
  switch (operation.type()) {
    case Operation::RESERVE:
      for (const mesos::v1::Resource& resource : operation.reserve().resources()) {
        Try<Resources> popped = Resources(resource).popReservation();
        if (!popped) return Error("Invalid RESERVE operation: " + popped.error().message);
        conversion.consumed += *popped;
        conversion.converted += resource;
      }
      return conversion;
    case Operation::UNRESERVE:
      for (const mesos::v1::Resource& resource : operation.unreserve().resources()) {
        Try<Resources> popped = Resources(resource).popReservation();
        if (!popped) return Error("Invalid UNRESERVE operation: " + popped.error().message);
        conversion.consumed += resource;
        conversion.converted += *popped;
      }
      return conversion;
    case Operation::CREATE:
      for (const mesos::v1::Resource& volume : operation.create().volumes()) {
        conversion.consumed += stripVolume(volume);
        conversion.converted += volume;
      }
      return conversion;
    case Operation::DESTROY:
      for (const mesos::v1::Resource& volume : operation.destroy().volumes()) {
        conversion.consumed += volume;
        conversion.converted += stripVolume(volume);
      }
      return conversion;
    default:
      return Error("Operation " + Operation::Type_Name(operation.type()) +
                   " does not convert resources");
  }
}

std::set<std::string> persistenceIds(const Resources& resources)
{
  std::set<std::string> ids;
  for (const mesos::v1::Resource& resource : resources) {
    if (resource.has_disk() && resource.disk().has_persistence()) {
      ids.insert(resource.disk().persistence().id());
    }
  }
  return ids;
}

}  // namespace nucleus::master
