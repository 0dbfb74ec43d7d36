// The Resources bag: adding, subtracting and containment as Mesos 1.5
// (src/v1/resources.cpp), on top of the value arithmetic in values.cpp.
#include "nucleus/module/resources.hpp"

#include <algorithm>

#include "values.hpp"

namespace nucleus {

namespace {

using mesos::v1::Value;

bool sameReservations(const Resource& left, const Resource& right)
{
  if (left.reservations_size() != right.reservations_size()) return false;
  for (int i = 0; i < left.reservations_size(); ++i) {
    if (!values::equal(left.reservations(i), right.reservations(i))) return false;
  }
  return true;
}

bool sameAllocation(const Resource& left, const Resource& right)
{
  return left.has_allocation_info() == right.has_allocation_info() &&
         left.allocation_info().has_role() == right.allocation_info().has_role() &&
         left.allocation_info().role() == right.allocation_info().role();
}

bool sameProvider(const Resource& left, const Resource& right)
{
  return left.has_provider_id() == right.has_provider_id() &&
         left.provider_id().value() == right.provider_id().value();
}

bool sameValue(const Resource& left, const Resource& right)
{
  switch (left.type()) {
    case Value::SCALAR:
      return values::equal(left.scalar(), right.scalar());
    case Value::RANGES:
      return values::equal(left.ranges(), right.ranges());
    case Value::SET:
      return values::equal(left.set(), right.set());
    default:
      return false;
  }
}

// Everything that must match for two resources to combine, value excepted.
bool sameKind(const Resource& left, const Resource& right)
{
  return left.name() == right.name() && left.type() == right.type() &&
         sameAllocation(left, right) && sameReservations(left, right) &&
         left.has_disk() == right.has_disk() &&
         (!left.has_disk() || values::equal(left.disk(), right.disk())) &&
         left.has_revocable() == right.has_revocable() && sameProvider(left, right) &&
         left.has_shared() == right.has_shared();
}

bool equalResource(const Resource& left, const Resource& right)
{
  return sameKind(left, right) && sameValue(left, right);
}

// As Mesos' internal::addable.
bool addable(const Resource& left, const Resource& right)
{
  if (left.has_shared() != right.has_shared()) return false;
  if (left.has_shared()) return equalResource(left, right);
  if (!sameKind(left, right)) return false;
  if (left.has_disk()) {
    if (left.disk().has_source()) {
      using Source = Resource::DiskInfo::Source;
      switch (left.disk().source().type()) {
        case Source::BLOCK:
        case Source::MOUNT:
          return false;  // exclusive disks never merge
        case Source::RAW:
          if (left.disk().source().has_id()) return false;
          break;
        default:
          break;
      }
    }
    if (left.disk().has_persistence()) return false;
  }
  return true;
}

// As Mesos' internal::subtractable: like addable, but identical exclusive disks
// and volumes may be taken away.
bool subtractable(const Resource& left, const Resource& right)
{
  if (left.has_shared() != right.has_shared()) return false;
  if (left.has_shared()) return equalResource(left, right);
  if (!sameKind(left, right)) return false;
  if (left.has_disk()) {
    if (left.disk().has_source()) {
      using Source = Resource::DiskInfo::Source;
      switch (left.disk().source().type()) {
        case Source::BLOCK:
        case Source::MOUNT:
          if (!equalResource(left, right)) return false;
          break;
        case Source::RAW:
          if (left.disk().source().has_id() && !equalResource(left, right)) return false;
          break;
        default:
          break;
      }
    }
    if (left.disk().has_persistence() && !equalResource(left, right)) return false;
  }
  return true;
}

bool containsValue(const Resource& left, const Resource& right)
{
  if (!subtractable(left, right)) return false;
  switch (left.type()) {
    case Value::SCALAR:
      return values::lessEqual(right.scalar(), left.scalar());
    case Value::RANGES:
      return values::lessEqual(right.ranges(), left.ranges());
    case Value::SET:
      return values::lessEqual(right.set(), left.set());
    default:
      return false;
  }
}

// Replaces left's value with op(left's, right's), for the value type they share.
template <typename Op>
void combineValue(Resource* left, const Resource& right, Op op)
{
  switch (left->type()) {
    case Value::SCALAR: *left->mutable_scalar() = op(left->scalar(), right.scalar()); break;
    case Value::RANGES: *left->mutable_ranges() = op(left->ranges(), right.ranges()); break;
    case Value::SET: *left->mutable_set() = op(left->set(), right.set()); break;
    default: break;
  }
}

void addValue(Resource* left, const Resource& right)
{
  combineValue(left, right, [](const auto& a, const auto& b) { return values::add(a, b); });
}

void subtractValue(Resource* left, const Resource& right)
{
  combineValue(left, right, [](const auto& a, const auto& b) { return values::subtract(a, b); });
}

// A validated copy in the post-refinement form, or nullopt when invalid.
std::optional<Resource> normalized(const Resource& resource)
{
  if (!Resources::validate(resource)) return std::nullopt;
  Resource copy = resource;
  Resources::upgrade(&copy);
  if (copy.type() == Value::SCALAR)
    copy.mutable_scalar()->set_value(values::roundScalar(copy.scalar().value()));
  if (copy.type() == Value::RANGES) *copy.mutable_ranges() = values::coalesce(copy.ranges());
  return copy;
}

}  // namespace

Resources::Resources(const Resource& resource)
{
  *this += resource;
}

Resources::Resources(const ResourceList& resources)
{
  for (const Resource& resource : resources) *this += resource;
}

Resources::Resources(const std::vector<Resource>& resources)
{
  for (const Resource& resource : resources) *this += resource;
}

void Resources::add(const Resource& resource, long count)
{
  if (isEmpty(resource) || count <= 0) return;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    if (!addable(resources_[i], resource)) continue;
    if (resource.has_shared()) {
      counts_[i] += count;
    } else {
      addValue(&resources_[i], resource);
    }
    return;
  }
  resources_.push_back(resource);
  counts_.push_back(resource.has_shared() ? count : 1);
}

void Resources::subtract(const Resource& resource, long count)
{
  if (isEmpty(resource) || count <= 0) return;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    if (!subtractable(resources_[i], resource)) continue;
    bool gone = false;
    if (resource.has_shared()) {
      counts_[i] -= count;
      gone = counts_[i] <= 0;
    } else {
      subtractValue(&resources_[i], resource);
      // Subtracting more than is here removes the resource, as Mesos.
      gone = isEmpty(resources_[i]) ||
             (resources_[i].type() == Value::SCALAR && resources_[i].scalar().value() < 0);
    }
    if (gone) {
      resources_.erase(resources_.begin() + static_cast<std::ptrdiff_t>(i));
      counts_.erase(counts_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return;
  }
}

bool Resources::containsOne(const Resource& resource, long count) const
{
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    if (resource.has_shared() != resources_[i].has_shared()) continue;
    if (resource.has_shared()) {
      if (counts_[i] >= count && equalResource(resources_[i], resource)) return true;
    } else if (containsValue(resources_[i], resource)) {
      return true;
    }
  }
  return false;
}

bool Resources::contains(const Resources& that) const
{
  Resources remaining = *this;
  for (std::size_t i = 0; i < that.resources_.size(); ++i) {
    const Resource& resource = that.resources_[i];
    if (!remaining.containsOne(resource, that.counts_[i])) return false;
    // As Mesos: a volume cannot satisfy two entries.
    if (isPersistentVolume(resource)) remaining.subtract(resource, that.counts_[i]);
  }
  return true;
}

bool Resources::contains(const Resource& that) const
{
  std::optional<Resource> resource = normalized(that);
  return resource && containsOne(*resource, 1);
}

std::size_t Resources::count(const Resource& that) const
{
  std::optional<Resource> resource = normalized(that);
  if (!resource) return 0;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    if (equalResource(resources_[i], *resource)) return static_cast<std::size_t>(counts_[i]);
  }
  return 0;
}

Resources& Resources::operator+=(const Resource& that)
{
  if (std::optional<Resource> resource = normalized(that)) add(*resource, 1);
  return *this;
}

Resources& Resources::operator+=(const Resources& that)
{
  for (std::size_t i = 0; i < that.resources_.size(); ++i) add(that.resources_[i], that.counts_[i]);
  return *this;
}

Resources& Resources::operator-=(const Resource& that)
{
  if (std::optional<Resource> resource = normalized(that)) subtract(*resource, 1);
  return *this;
}

Resources& Resources::operator-=(const Resources& that)
{
  for (std::size_t i = 0; i < that.resources_.size(); ++i) {
    subtract(that.resources_[i], that.counts_[i]);
  }
  return *this;
}

Resources Resources::operator+(const Resources& that) const
{
  Resources result = *this;
  result += that;
  return result;
}

Resources Resources::operator-(const Resources& that) const
{
  Resources result = *this;
  result -= that;
  return result;
}

bool Resources::operator==(const Resources& that) const
{
  return contains(that) && that.contains(*this);
}

ResourceList Resources::toProto() const
{
  ResourceList list;
  copyTo(&list);
  return list;
}

void Resources::copyTo(ResourceList* out) const
{
  out->Clear();
  for (const Resource& resource : resources_) *out->Add() = resource;
}

std::string Resources::toString() const
{
  if (resources_.empty()) return "{}";
  std::string out;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    if (i > 0) out += "; ";
    out += toString(resources_[i]);
    if (resources_[i].has_shared() && counts_[i] > 1) out += "<" + std::to_string(counts_[i]) + ">";
  }
  return out;
}

}  // namespace nucleus
