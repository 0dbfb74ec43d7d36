#pragma once

// Small builders for Resource protobufs used by the resource algebra tests.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "nucleus/module/resources.hpp"

namespace nucleus::testing {

using ReservationInfo = mesos::v1::Resource::ReservationInfo;

inline Resource scalar(const std::string& name, double value)
{
  Resource r;
  r.set_name(name);
  r.set_type(mesos::v1::Value::SCALAR);
  r.mutable_scalar()->set_value(value);
  return r;
}

inline Resource ranges(const std::string& name,
                       std::initializer_list<std::pair<std::uint64_t, std::uint64_t>> list)
{
  Resource r;
  r.set_name(name);
  r.set_type(mesos::v1::Value::RANGES);
  auto* ranges = r.mutable_ranges();
  for (const auto& [begin, end] : list) {
    auto* range = ranges->add_range();
    range->set_begin(begin);
    range->set_end(end);
  }
  return r;
}

inline Resource set(const std::string& name, std::initializer_list<std::string> items)
{
  Resource r;
  r.set_name(name);
  r.set_type(mesos::v1::Value::SET);
  auto* set = r.mutable_set();
  for (const auto& item : items) set->add_item(item);
  return r;
}

inline ReservationInfo reservation(const std::string& role,
                                   ReservationInfo::Type type = ReservationInfo::DYNAMIC,
                                   const std::string& principal = "")
{
  ReservationInfo info;
  info.set_type(type);
  info.set_role(role);
  if (!principal.empty()) info.set_principal(principal);
  return info;
}

// `resource` with one more reservation pushed on its stack.
inline Resource reserved(Resource resource, const std::string& role,
                         ReservationInfo::Type type = ReservationInfo::DYNAMIC,
                         const std::string& principal = "")
{
  *resource.add_reservations() = reservation(role, type, principal);
  return resource;
}

inline Resource allocated(Resource resource, const std::string& role)
{
  resource.mutable_allocation_info()->set_role(role);
  return resource;
}

inline Resource volume(double mb, const std::string& id, bool shared = false)
{
  Resource r = scalar("disk", mb);
  r.mutable_disk()->mutable_persistence()->set_id(id);
  r.mutable_disk()->mutable_volume()->set_container_path("path");
  r.mutable_disk()->mutable_volume()->set_mode(mesos::v1::Volume::RW);
  if (shared) r.mutable_shared();
  return r;
}

inline Resources bag(std::initializer_list<Resource> list)
{
  Resources result;
  for (const Resource& r : list) result += r;
  return result;
}

}  // namespace nucleus::testing
