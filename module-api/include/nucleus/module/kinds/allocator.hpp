#pragma once

// Kind "allocator" (version 1): the policy that decides which framework is offered
// which resources. The master owns all state that must survive the allocator
// (tasks, offers, reservations on agents) and tells the allocator about every
// change; the allocator answers with offers through the callback it was given.
// Method names follow Mesos 1.5's mesos::allocator::Allocator so readers can map
// one onto the other.
//
// Identifiers in maps are the `value` strings of the protobuf IDs.
//
// Threading: the kernel calls every method on the instance's strand (see
// host.hpp), one at a time, in the order the master made the changes; an
// instance may therefore keep its state without locks. The instance calls the
// callbacks from its strand; they only post to the master and return at once.
// An allocator runs its own periodic rounds with Host::delay every
// `allocationInterval` and may also allocate right after a change (Mesos does
// so for a new agent or framework, and for revive).
//
// Resources handed to the allocator carry allocation_info for the role they are
// allocated to; offered resources must carry it too (Mesos 1.5 multi-role).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mesos/v1/mesos.pb.h"
#include "mesos/v1/quota/quota.pb.h"
#include "nucleus/module/resource_quantities.hpp"
#include "nucleus/module/resources.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::module {

struct AllocatorOptions {
  std::chrono::milliseconds allocationInterval{1000};  // --allocation_interval
  // Resource names left out of DRF shares (--fair_sharing_excluded_resource_names).
  std::set<std::string> fairSharingExcludedResourceNames;
  // Frameworks are not offered less than this per resource name
  // (--min_allocatable_resources, e.g. "cpus:0.01|mem:32"); an offer must hold at
  // least one of these quantity sets. Empty: Mesos' default (cpus 0.01 or mem 32).
  std::vector<ResourceQuantities> minAllocatableResources;
  // Initial weights by role (--weights).
  std::map<std::string, double> weights;
};

// roleName -> agentId -> resources, for one framework.
using OfferedResources = std::map<std::string, std::map<std::string, Resources>>;

// agentId -> unavailability, for one framework (maintenance; see issue 5).
struct InverseOfferRequest {
  mesos::v1::Unavailability unavailability;
};
using InverseOffered = std::map<std::string, InverseOfferRequest>;

struct AllocatorStats {
  std::uint64_t allocationRuns = 0;
  double lastAllocationRunSeconds = 0;  // duration of the last round
  std::uint64_t eventQueueSize = 0;
  std::map<std::string, double> roleShares;  // DRF dominant share by role
  std::map<std::string, double> offerFilters;  // active filters by role
};

class Allocator {
 public:
  static constexpr const char* kKind = "allocator";
  static constexpr std::uint32_t kKindVersion = 1;

  using OfferCallback =
      std::function<void(const mesos::v1::FrameworkID& frameworkId, OfferedResources offered)>;
  using InverseOfferCallback =
      std::function<void(const mesos::v1::FrameworkID& frameworkId, InverseOffered offered)>;

  virtual ~Allocator() = default;

  // Called once, before anything else. An error refuses the module.
  virtual Try<Nothing> initialize(const AllocatorOptions& options, OfferCallback offer,
                                  InverseOfferCallback inverseOffer) noexcept = 0;

  // Frameworks. `used` is what the framework already holds, by agent (tasks,
  // executors and outstanding offers), e.g. after a master failover.
  virtual void addFramework(const mesos::v1::FrameworkID& frameworkId,
                            const mesos::v1::FrameworkInfo& frameworkInfo,
                            const std::map<std::string, Resources>& used, bool active,
                            const std::set<std::string>& suppressedRoles) noexcept = 0;
  virtual void removeFramework(const mesos::v1::FrameworkID& frameworkId) noexcept = 0;
  virtual void activateFramework(const mesos::v1::FrameworkID& frameworkId) noexcept = 0;
  virtual void deactivateFramework(const mesos::v1::FrameworkID& frameworkId) noexcept = 0;
  virtual void updateFramework(const mesos::v1::FrameworkID& frameworkId,
                               const mesos::v1::FrameworkInfo& frameworkInfo,
                               const std::set<std::string>& suppressedRoles) noexcept = 0;

  // Agents. `total` is the agent's whole resources (with its reservations);
  // `used` is what each framework holds on it, by framework id.
  virtual void addAgent(const mesos::v1::AgentID& agentId, const mesos::v1::AgentInfo& agentInfo,
                        const std::optional<mesos::v1::Unavailability>& unavailability,
                        const Resources& total,
                        const std::map<std::string, Resources>& used) noexcept = 0;
  virtual void removeAgent(const mesos::v1::AgentID& agentId) noexcept = 0;
  virtual void updateAgent(const mesos::v1::AgentID& agentId,
                           const mesos::v1::AgentInfo& agentInfo,
                           const Resources& total) noexcept = 0;
  virtual void activateAgent(const mesos::v1::AgentID& agentId) noexcept = 0;
  virtual void deactivateAgent(const mesos::v1::AgentID& agentId) noexcept = 0;

  // A framework applied operations (RESERVE, UNRESERVE, CREATE, DESTROY) to
  // resources it was offered: `offered` is what it held before, `converted` what
  // the agent's resources become. The agent's total changes the same way.
  virtual void updateAllocation(const mesos::v1::FrameworkID& frameworkId,
                                const mesos::v1::AgentID& agentId, const Resources& offered,
                                const Resources& converted) noexcept = 0;
  // An operator's RESERVE/UNRESERVE/CREATE/DESTROY on an agent's unused resources.
  virtual Try<Nothing> updateAvailable(const mesos::v1::AgentID& agentId,
                                       const Resources& from, const Resources& to) noexcept = 0;

  // Maintenance: an agent's unavailability changed (nullopt: no longer scheduled).
  virtual void updateUnavailability(
      const mesos::v1::AgentID& agentId,
      const std::optional<mesos::v1::Unavailability>& unavailability) noexcept = 0;
  // A framework answered an inverse offer for an agent (accepted or declined).
  virtual void updateInverseOffer(const mesos::v1::AgentID& agentId,
                                  const mesos::v1::FrameworkID& frameworkId, bool accepted,
                                  const std::optional<mesos::v1::Filters>& filters) noexcept = 0;

  // Resources come back: an offer was declined, rescinded or timed out, a task or
  // executor ended. `filters` (refuse_seconds) comes from DECLINE/ACCEPT; when set,
  // the allocator does not offer those resources on that agent to that framework
  // again until the filter expires or the framework revives.
  virtual void recoverResources(const mesos::v1::FrameworkID& frameworkId,
                                const mesos::v1::AgentID& agentId, const Resources& resources,
                                const std::optional<mesos::v1::Filters>& filters) noexcept = 0;

  // SUPPRESS / REVIVE. An empty `roles` means all of the framework's roles.
  virtual void suppressOffers(const mesos::v1::FrameworkID& frameworkId,
                              const std::set<std::string>& roles) noexcept = 0;
  virtual void reviveOffers(const mesos::v1::FrameworkID& frameworkId,
                            const std::set<std::string>& roles) noexcept = 0;

  // Quota and weights (operator API).
  virtual void setQuota(const std::string& role, const mesos::v1::quota::QuotaInfo& quota) noexcept = 0;
  virtual void removeQuota(const std::string& role) noexcept = 0;
  virtual void updateWeights(const std::vector<mesos::v1::WeightInfo>& weights) noexcept = 0;

  // Stops and restarts the periodic rounds (the master pauses during recovery).
  virtual void pause() noexcept = 0;
  virtual void resume() noexcept = 0;

  // Runs one allocation round now (tests, benchmarks, and after REVIVE).
  virtual void allocate() noexcept = 0;

  virtual AllocatorStats stats() const noexcept = 0;
};

}  // namespace nucleus::module
