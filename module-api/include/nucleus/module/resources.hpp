#pragma once

// Resources: a bag of Mesos v1 `Resource`s with Mesos' algebra, shared by the
// master (validation, offers), the agent and allocator modules. Implemented in
// libnucleus_api.so so every module counts the same way.
//
// As Mesos 1.5 (src/common/resources.cpp): two resources combine when everything
// but their value is equal (name, type, reservations, disk, revocable, shared,
// provider, allocation info); scalars add with fixed-point rounding to 0.001,
// ranges merge, sets union. Subtraction never goes below empty; a resource whose
// value becomes empty disappears. Reservations are a stack ("refinement"): the
// role a resource is reserved to is the role of its last reservation.
// Resources in the pre-refinement form (`role` + `reservation`) are upgraded to
// the `reservations` stack when they enter a Resources (see upgrade()).
// Shared resources (persistent volumes with `shared`) are counted: adding the
// same shared volume twice keeps one entry with count 2 (see count()).
//
// Thread safety: a value type; no shared state.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/try.hpp"

namespace nucleus {

using Resource = mesos::v1::Resource;
using ResourceList = google::protobuf::RepeatedPtrField<mesos::v1::Resource>;

class Resources {
 public:
  Resources() = default;
  Resources(const Resource& resource);  // NOLINT: implicit like Mesos'
  Resources(const ResourceList& resources);  // NOLINT
  Resources(const std::vector<Resource>& resources);  // NOLINT

  // Checks one resource as Mesos' Resources::validate does (name, type/value
  // agreement, non-negative scalars, ordered ranges, reservation stack shape).
  // The error names the resource and what is wrong.
  static Try<Nothing> validate(const Resource& resource);
  static Try<Nothing> validate(const ResourceList& resources);

  // A resource with an empty value (0 scalar, no ranges, empty set).
  static bool isEmpty(const Resource& resource);
  // The role a resource is reserved to ("*" when unreserved).
  static std::string reservationRole(const Resource& resource);
  static bool isReserved(const Resource& resource, const std::optional<std::string>& role = {});
  static bool isUnreserved(const Resource& resource);
  static bool isDynamicallyReserved(const Resource& resource);
  static bool isPersistentVolume(const Resource& resource);
  static bool isRevocable(const Resource& resource);
  static bool isShared(const Resource& resource);
  // True when `role` is `ancestor` or below it ("a/b" is a subrole of "a").
  static bool isSubroleOf(const std::string& role, const std::string& ancestor);
  // A resource with more than one reservation.
  static bool hasRefinedReservations(const Resource& resource);
  // Unreserved, or reserved to `role` or one of its ancestors.
  static bool isAllocatableTo(const Resource& resource, const std::string& role);
  // A role name as Mesos 1.5's roles::validate (e.g. "Role 'a//b' cannot contain two
  // adjacent slashes"); "*" is valid.
  static Try<Nothing> validateRole(const std::string& role);
  // Converts the pre-refinement form (`role`, `reservation`) into the `reservations`
  // stack in place, as Mesos' upgradeResource; a no-op for the new form.
  static void upgrade(Resource* resource);
  static void upgrade(ResourceList* resources);
  // The reverse, for frameworks without RESERVATION_REFINEMENT: fills `role` and
  // `reservation` from a single reservation and clears `reservations`. Fails (and
  // leaves the resource alone) for a refined reservation.
  static Try<Nothing> downgrade(Resource* resource);
  static Try<Nothing> downgrade(ResourceList* resources);
  // Mesos' text of one resource, e.g. "cpus(*):2" or "disk(role)[id1:/path]:64".
  static std::string toString(const Resource& resource);

  bool empty() const { return resources_.empty(); }
  std::size_t size() const { return resources_.size(); }
  std::vector<Resource>::const_iterator begin() const { return resources_.begin(); }
  std::vector<Resource>::const_iterator end() const { return resources_.end(); }

  bool contains(const Resources& that) const;
  bool contains(const Resource& that) const;
  // How often `that` is here: a shared resource's count, 1 for a present
  // non-shared resource (compared whole, value included), else 0.
  std::size_t count(const Resource& that) const;

  Resources filter(const std::function<bool(const Resource&)>& predicate) const;
  // Reserved resources; with a role, only those reserved to exactly that role.
  Resources reserved(const std::optional<std::string>& role = {}) const;
  Resources unreserved() const;
  // What a framework in `role` may be offered: unreserved resources and those
  // reserved to `role` or to one of its ancestors.
  Resources allocatableTo(const std::string& role) const;
  Resources revocable() const;
  Resources nonRevocable() const;
  Resources persistentVolumes() const;
  Resources scalars() const;
  Resources shared() const;
  Resources nonShared() const;
  // The resources called `name`.
  Resources get(const std::string& name) const;

  // Allocation info (Mesos 1.5 multi-role): set on offered and used resources.
  Resources allocatedTo(const std::string& role) const;
  void allocate(const std::string& role);
  void unallocate();
  // The roles present in allocation_info.
  std::vector<std::string> allocationRoles() const;

  // Pushes/pops one reservation on every resource (RESERVE/UNRESERVE). Pop fails
  // on an unreserved resource.
  Resources pushReservation(const Resource::ReservationInfo& reservation) const;
  Try<Resources> popReservation() const;

  // Applies an offer operation as Mesos' Resources::apply: RESERVE (the operation's
  // resources must be here without their last reservation), UNRESERVE, CREATE
  // (disk becomes volume), DESTROY (volume becomes disk; a shared volume still
  // here afterwards fails). Other types fail with "Operation not supported", as
  // Mesos. Fails, saying what is missing, when this does not contain what is consumed.
  Try<Resources> apply(const mesos::v1::Offer::Operation& operation) const;

  // Scalar totals by name, e.g. cpus(); nullopt when absent.
  std::optional<double> scalar(const std::string& name) const;
  std::optional<double> cpus() const { return scalar("cpus"); }
  std::optional<double> mem() const { return scalar("mem"); }
  std::optional<double> disk() const { return scalar("disk"); }
  std::optional<mesos::v1::Value::Ranges> ports() const;
  // The distinct resource names, sorted.
  std::vector<std::string> names() const;

  // As Mesos: the same resources with their reservations dropped (merged where
  // they now combine); disk info, allocation and the rest are kept.
  Resources toUnreserved() const;
  // As Mesos: only the scalars, with provider, allocation, disk and shared info
  // dropped and a reservation stack collapsed to one STATIC reservation to the
  // reservation role. `.createStrippedScalarQuantity().toUnreserved()` leaves
  // just name and amount: what quota and DRF count.
  Resources createStrippedScalarQuantity() const;

  Resources& operator+=(const Resource& that);
  Resources& operator+=(const Resources& that);
  Resources& operator-=(const Resource& that);
  Resources& operator-=(const Resources& that);
  Resources operator+(const Resources& that) const;
  Resources operator-(const Resources& that) const;
  bool operator==(const Resources& that) const;  // as multisets after merging
  bool operator!=(const Resources& that) const { return !(*this == that); }

  ResourceList toProto() const;
  // Replaces *out with these resources (a shared resource appears once).
  void copyTo(ResourceList* out) const;

  // Mesos' text form, e.g. "cpus(*):2; mem(*):1024; ports(*):[31000-32000]";
  // a reservation prints its role ("cpus(role):1"; a refined stack prints the last
  // role), allocation as "cpus(allocated: role)(*):1", then "[disk]", "{REV}",
  // "<SHARED>" as Mesos does; a shared resource with count n > 1 ends in "<n>".
  // Empty resources print as "{}".
  std::string toString() const;

 private:
  // Adds/subtracts an already valid, upgraded resource `count` times (shared ones).
  void add(const Resource& resource, long count);
  void subtract(const Resource& resource, long count);
  bool containsOne(const Resource& resource, long count) const;

  std::vector<Resource> resources_;
  // Parallel to resources_: the count of a shared resource, 1 for the rest.
  std::vector<long> counts_;
};

}  // namespace nucleus
