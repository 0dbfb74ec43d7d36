#pragma once

// The hierarchical DRF allocator's bookkeeping: agents, frameworks, roles,
// offer filters and quotas, as plain structs the allocator owns. Mirrors the
// Slave / Framework structs of Mesos 1.5's HierarchicalAllocatorProcess, plus
// per-agent caches that let an allocation round avoid protobuf work for an
// agent whose resources did not change.
//
// Thread safety: none; touched only on the allocator's strand.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "drf_sorter.hpp"
#include "mesos/v1/mesos.pb.h"
#include "mesos/v1/quota/quota.pb.h"
#include "nucleus/module/resources.hpp"
#include "quantities.hpp"

namespace nucleus::modules::drf {

// "Do not offer these resources on this agent to this framework in this role
// again", from DECLINE/ACCEPT's refuse_seconds. As Mesos' RefusedOfferFilter:
// it filters an offer whose resources it contains.
struct OfferFilter {
  std::uint64_t id = 0;
  Resources refused;  // without allocation info
  Quantities refusedQuantities;
  // The last check: the candidate's signature and whether it was filtered.
  std::uint64_t checkedSignature = 0;
  bool checkedResult = false;
};

// Offer filters of one framework in one role, by agent index.
struct RoleFilters {
  std::unordered_map<std::uint32_t, std::vector<OfferFilter>> byAgent;
};

// A framework's allocation in one role it is tracked under, by agent index
// (resources carry allocation info for the role).
struct FrameworkRole {
  std::unordered_map<std::uint32_t, Resources> allocation;
};

struct FrameworkState {
  int index = -1;
  mesos::v1::FrameworkID id;
  std::set<std::string> roles;  // subscribed
  std::set<std::string> suppressedRoles;
  bool active = false;
  bool revocable = false;
  bool gpu = false;
  bool shared = false;
  bool refinement = false;
  std::map<std::string, FrameworkRole> tracked;          // subscribed or still holding resources
  std::unordered_map<std::string, RoleFilters> filters;  // by role
  std::unordered_map<std::uint32_t, std::set<std::uint64_t>> inverseFilters;  // agent -> ids
};

struct RoleState {
  std::string name;
  int tag = -1;
  bool hasQuota = false;
  std::set<int> frameworks;  // framework indexes tracked under the role
  std::unique_ptr<DrfSorter> frameworkSorter;
  Quantities allocationNonRevocable;  // what quota counts
  Quantities allocatedReserved;       // reserved scalars allocated to the role

  // This round's framework order with their filters resolved; rebuilt when
  // `membersDirty` (an allocation in the role changed the order).
  struct Member {
    FrameworkState* framework;
    RoleFilters* filters;
  };
  std::vector<Member> members;
  bool membersDirty = true;
};

struct Maintenance {
  mesos::v1::Unavailability unavailability;
  std::set<std::string> offersOutstanding;  // framework ids
};

struct AgentState {
  std::uint32_t index = 0;
  mesos::v1::AgentID id;
  mesos::v1::AgentInfo info;
  Resources total;
  Resources allocated;  // with allocation info
  Resources free;       // total - allocated, without allocation info
  bool activated = true;
  bool hasGpus = false;
  std::optional<Maintenance> maintenance;
  std::uint64_t version = 1;  // changes whenever total or allocated does

  // Cache of what is available, valid while cacheVersion == version.
  std::uint64_t cacheVersion = 0;
  Resources available;  // non-shared, no allocation info
  Resources unreserved;
  Quantities unreservedQuantities;
  Quantities unreservedNonRevocableQuantities;
  Quantities availableRevocableQuantities;
  std::map<std::string, Resources> reservedByRole;  // available, by reservation role
  Resources shared;                                 // total's shared resources
  bool hasRevocable = false;
  bool hasRefined = false;
};

struct QuotaState {
  mesos::v1::quota::QuotaInfo info;
  Quantities guarantee;
  std::vector<char> guaranteed;  // by name index: the quota names a guarantee
  int tag = -1;
};

}  // namespace nucleus::modules::drf
