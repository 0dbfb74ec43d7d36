#pragma once

// HierarchicalAllocator: the default `allocator` module, with the semantics of
// Mesos 1.5's HierarchicalDRFAllocatorProcess
// (src/master/allocator/mesos/hierarchical.cpp):
// - roles are ordered by weighted DRF over the cluster total (hierarchical
//   role paths, weights), then frameworks within a role by DRF over the role's
//   allocation; agents go whole ("coarse-grained") to the first framework that
//   takes them;
// - reservations are offered only to their role and its subroles;
// - quota: a first stage gives quota roles their reservations plus unreserved
//   resources chopped to the unsatisfied guarantee (reservations count
//   towards quota); the second stage offers the rest to roles without quota
//   while holding back the unreserved headroom that unsatisfied quota needs;
// - offer filters (refuse_seconds, default 5s), suppress / revive, inactive
//   frameworks and deactivated agents, minimum allocatable resources;
// - maintenance: frameworks holding resources on an agent scheduled for
//   maintenance get one inverse offer per agent until they answer it.
//
// Mesos leaves a removed framework's or agent's leftovers for the master to
// recover; this allocator releases them itself in removeFramework and
// removeAgent, and ignores later recoverResources for them.
//
// Threading: as kinds/allocator.hpp: every method on the instance's strand;
// rounds run from Host::post / Host::delay work on that strand.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "allocator_state.hpp"
#include "drf_sorter.hpp"
#include "nucleus/module/host.hpp"
#include "nucleus/module/kinds/allocator.hpp"
#include "quantities.hpp"

namespace nucleus::modules::drf {

struct Settings {
  // As Mesos: agents are visited in a random order each round. Tests turn it
  // off to visit agents in the order they were added.
  bool shuffleAgents = true;
  std::uint64_t seed = std::random_device{}();
};

class HierarchicalAllocator final : public module::Allocator {
 public:
  HierarchicalAllocator(module::Host& host, Settings settings);
  ~HierarchicalAllocator() override;

  Try<Nothing> initialize(const module::AllocatorOptions& options, OfferCallback offer,
                          InverseOfferCallback inverseOffer) noexcept override;

  void addFramework(const mesos::v1::FrameworkID& frameworkId,
                    const mesos::v1::FrameworkInfo& frameworkInfo,
                    const std::map<std::string, Resources>& used, bool active,
                    const std::set<std::string>& suppressedRoles) noexcept override;
  void removeFramework(const mesos::v1::FrameworkID& frameworkId) noexcept override;
  void activateFramework(const mesos::v1::FrameworkID& frameworkId) noexcept override;
  void deactivateFramework(const mesos::v1::FrameworkID& frameworkId) noexcept override;
  void updateFramework(const mesos::v1::FrameworkID& frameworkId,
                       const mesos::v1::FrameworkInfo& frameworkInfo,
                       const std::set<std::string>& suppressedRoles) noexcept override;

  void addAgent(const mesos::v1::AgentID& agentId, const mesos::v1::AgentInfo& agentInfo,
                const std::optional<mesos::v1::Unavailability>& unavailability,
                const Resources& total,
                const std::map<std::string, Resources>& used) noexcept override;
  void removeAgent(const mesos::v1::AgentID& agentId) noexcept override;
  void updateAgent(const mesos::v1::AgentID& agentId, const mesos::v1::AgentInfo& agentInfo,
                   const Resources& total) noexcept override;
  void activateAgent(const mesos::v1::AgentID& agentId) noexcept override;
  void deactivateAgent(const mesos::v1::AgentID& agentId) noexcept override;

  void updateAllocation(const mesos::v1::FrameworkID& frameworkId,
                        const mesos::v1::AgentID& agentId, const Resources& offered,
                        const Resources& converted) noexcept override;
  Try<Nothing> updateAvailable(const mesos::v1::AgentID& agentId, const Resources& from,
                               const Resources& to) noexcept override;

  void updateUnavailability(
      const mesos::v1::AgentID& agentId,
      const std::optional<mesos::v1::Unavailability>& unavailability) noexcept override;
  void updateInverseOffer(const mesos::v1::AgentID& agentId,
                          const mesos::v1::FrameworkID& frameworkId, bool accepted,
                          const std::optional<mesos::v1::Filters>& filters) noexcept override;

  void recoverResources(const mesos::v1::FrameworkID& frameworkId,
                        const mesos::v1::AgentID& agentId, const Resources& resources,
                        const std::optional<mesos::v1::Filters>& filters) noexcept override;

  void suppressOffers(const mesos::v1::FrameworkID& frameworkId,
                      const std::set<std::string>& roles) noexcept override;
  void reviveOffers(const mesos::v1::FrameworkID& frameworkId,
                    const std::set<std::string>& roles) noexcept override;

  void setQuota(const std::string& role,
                const mesos::v1::quota::QuotaInfo& quota) noexcept override;
  void removeQuota(const std::string& role) noexcept override;
  void updateWeights(const std::vector<mesos::v1::WeightInfo>& weights) noexcept override;

  void pause() noexcept override;
  void resume() noexcept override;
  void allocate() noexcept override;
  module::AllocatorStats stats() const noexcept override;

 private:
  // One candidate offer: a view of cached agent resources, or a local copy
  // when it had to be changed for this framework.
  struct Candidate;
  struct RoundState;

  // Lookups (nullptr when unknown).
  FrameworkState* framework(const std::string& id);
  AgentState* agent(const std::string& id);
  RoleState* role(const std::string& name);

  // Roles and tracking (hierarchical.cpp's track*/untrack*).
  RoleState& trackFrameworkUnderRole(FrameworkState& framework, const std::string& role);
  void untrackFrameworkUnderRole(FrameworkState& framework, const std::string& role);
  // `plain`: the caller knows `resources` are unreserved and non-revocable
  // with these quantities, which spares recomputing them.
  void trackAllocated(AgentState& agent, FrameworkState& framework, const std::string& role,
                      const Resources& resources, const Quantities* plain = nullptr);
  void trackUsed(AgentState& agent, FrameworkState& framework, const Resources& used);
  void untrackAllocated(AgentState& agent, FrameworkState& framework, const Resources& resources);
  void updateAgentTotal(AgentState& agent, const Resources& total);
  void addTotals(const Resources& total, int sign);
  void touch(AgentState& agent) { agent.version = ++versions_; }
  void recomputeFree(AgentState& agent);
  void refresh(AgentState& agent);

  // Filters.
  void addOfferFilter(FrameworkState& framework, const std::string& role, AgentState& agent,
                      const Resources& resources, std::chrono::milliseconds timeout);
  void expireOfferFilter(const std::string& frameworkId, const std::string& role,
                         std::uint32_t agentIndex, std::uint64_t filterId);
  bool isFiltered(RoleFilters* filters, const AgentState& agent, const Resources& resources,
                  const Quantities& quantities, std::uint64_t signature);
  void dropAgentFilters(std::uint32_t agentIndex);
  static std::optional<std::chrono::milliseconds> refuseTimeout(
      const std::optional<mesos::v1::Filters>& filters);

  // Rounds (allocation_round.cpp).
  void scheduleTick();
  void requestAllocation(const AgentState* only);
  void runRound(const std::vector<std::uint32_t>* only);
  void quotaStage(RoundState& round);
  void fairStage(RoundState& round);
  void deallocate(RoundState& round);
  const std::vector<RoleState::Member>& members(RoleState& role);
  bool allocatable(const Quantities& quantities) const;
  // `whole`: `resources` are all the agent has free, unreserved and
  // non-revocable, with quantities `*whole`.
  void offer(RoundState& round, AgentState& agent, FrameworkState& framework, RoleState& role,
             Resources resources, const Quantities* whole = nullptr);
  void log(module::Host::Level level, const std::string& message);

  module::Host& host_;
  Settings settings_;
  std::mt19937_64 random_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool initialized_ = false;

  module::AllocatorOptions options_;
  OfferCallback offerCallback_;
  InverseOfferCallback inverseOfferCallback_;
  std::vector<Quantities> minAllocatable_;

  NameTable names_;
  std::vector<char> excluded_;  // by name index: left out of DRF shares
  DrfSorter roleSorter_{&excluded_};
  DrfSorter quotaSorter_{&excluded_};

  std::vector<std::unique_ptr<AgentState>> agents_;  // by index; removed ones null
  std::unordered_map<std::string, std::uint32_t> agentIndex_;
  std::vector<std::unique_ptr<FrameworkState>> frameworks_;  // by index
  std::unordered_map<std::string, int> frameworkIndex_;
  std::map<std::string, std::unique_ptr<RoleState>> roles_;
  std::vector<RoleState*> roleByTag_;
  std::map<std::string, QuotaState> quotas_;
  std::vector<std::string> quotaRoleByTag_;
  std::map<std::string, Quantities> reservations_;  // total reserved scalars by role

  std::uint64_t versions_ = 1;
  std::uint64_t nextFilterId_ = 1;
  bool paused_ = false;
  bool roundPosted_ = false;
  bool roundForAll_ = false;
  std::set<std::uint32_t> roundAgents_;

  std::uint64_t allocationRuns_ = 0;
  double lastAllocationRunSeconds_ = 0;
};

}  // namespace nucleus::modules::drf
