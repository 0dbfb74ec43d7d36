// One allocation round, as Mesos 1.5's HierarchicalAllocatorProcess::__allocate
// and deallocate: the quota stage, the fair-share stage, then inverse offers.
//
// The fair-share stage is the hot loop (agents x roles x frameworks). For an
// agent whose resources did not change it works on cached views: what is
// available, its quantities, and per filter the answer of the last check,
// keyed by a signature of the agent's state, so a round in which everything
// is filtered copies no protobuf and evaluates no Resources algebra.
#include <algorithm>
#include <chrono>

#include "hierarchical_allocator.hpp"

namespace nucleus::modules::drf {

struct HierarchicalAllocator::RoundState {
  std::vector<AgentState*> candidates;             // every agent considered
  std::vector<AgentState*> agents;                 // the activated ones, in visiting order
  std::map<int, module::OfferedResources> offers;  // by framework index
  std::unordered_map<std::uint32_t, Resources> offeredShared;
  bool headroom = false;  // some role has quota
  Quantities availableHeadroom;
  Quantities requiredHeadroom;
};

namespace {

bool isUnreservedNonRevocableScalar(const Resource& r)
{
  return r.type() == mesos::v1::Value::SCALAR && Resources::isUnreserved(r) &&
         !Resources::isRevocable(r);
}

// As Mesos' Resources::shrink: a scalar is cut down to `limit` (thousandths)
// unless it is indivisible (a MOUNT disk).
bool shrink(Resource& resource, std::int64_t limit)
{
  if (toMilli(resource.scalar().value()) <= limit) return true;
  if (resource.has_disk() && resource.disk().has_source() &&
      resource.disk().source().type() == mesos::v1::Resource::DiskInfo::Source::MOUNT) {
    return false;
  }
  resource.mutable_scalar()->set_value(static_cast<double>(limit) / 1000.0);
  return true;
}

// "a/b/c" -> "a/b/c", "a/b", "a".
std::vector<std::string> selfAndAncestors(const std::string& role)
{
  std::vector<std::string> result{role};
  for (std::size_t at = role.rfind('/'); at != std::string::npos && at > 0;
       at = role.rfind('/', at - 1)) {
    result.push_back(role.substr(0, at));
    if (at == 0) break;
  }
  return result;
}

}  // namespace

// --- Scheduling -------------------------------------------------------------

void HierarchicalAllocator::scheduleTick()
{
  std::weak_ptr<bool> alive = alive_;
  host_.delay(options_.allocationInterval, [this, alive] {
    if (!alive.lock()) return;
    if (!paused_) runRound(nullptr);
    scheduleTick();
  });
}

void HierarchicalAllocator::requestAllocation(const AgentState* only)
{
  if (!initialized_) return;
  if (only != nullptr) {
    roundAgents_.insert(only->index);
  } else {
    roundForAll_ = true;
  }
  if (roundPosted_) return;
  roundPosted_ = true;
  std::weak_ptr<bool> alive = alive_;
  host_.post([this, alive] {
    if (!alive.lock()) return;
    roundPosted_ = false;
    bool all = roundForAll_;
    std::vector<std::uint32_t> agents(roundAgents_.begin(), roundAgents_.end());
    roundForAll_ = false;
    roundAgents_.clear();
    if (paused_) return;
    runRound(all ? nullptr : &agents);
  });
}

void HierarchicalAllocator::allocate() noexcept
{
  if (initialized_ && !paused_) runRound(nullptr);
}

void HierarchicalAllocator::pause() noexcept
{
  paused_ = true;
}

void HierarchicalAllocator::resume() noexcept
{
  paused_ = false;
}

// --- Helpers ----------------------------------------------------------------

void HierarchicalAllocator::refresh(AgentState& agent)
{
  if (agent.cacheVersion == agent.version) return;
  agent.shared = agent.total.filter(Resources::isShared);
  agent.available = agent.shared.empty() ? agent.free : agent.free.filter([](const Resource& r) {
    return !Resources::isShared(r);
  });
  agent.unreserved = agent.available.unreserved();
  agent.unreservedQuantities = Quantities::of(agent.unreserved, names_);
  Resources revocable = agent.available.revocable();
  agent.hasRevocable = !revocable.empty();
  agent.availableRevocableQuantities = Quantities::of(revocable, names_);
  agent.unreservedNonRevocableQuantities =
      agent.hasRevocable ? Quantities::of(agent.unreserved.nonRevocable(), names_)
                         : agent.unreservedQuantities;
  agent.reservedByRole.clear();
  agent.hasRefined = false;
  for (const Resource& resource : agent.available) {
    if (resource.reservations_size() == 0) continue;
    agent.reservedByRole[Resources::reservationRole(resource)] += resource;
    if (resource.reservations_size() > 1) agent.hasRefined = true;
  }
  agent.cacheVersion = agent.version;
}

bool HierarchicalAllocator::allocatable(const Quantities& quantities) const
{
  return std::any_of(minAllocatable_.begin(), minAllocatable_.end(),
                     [&](const Quantities& minimum) { return quantities.contains(minimum); });
}

const std::vector<RoleState::Member>& HierarchicalAllocator::members(RoleState& roleState)
{
  if (!roleState.membersDirty) return roleState.members;
  roleState.members.clear();
  for (int tag : roleState.frameworkSorter->sort()) {
    FrameworkState* holder = frameworks_[tag].get();
    if (holder == nullptr || !holder->active) continue;
    auto filters = holder->filters.find(roleState.name);
    roleState.members.push_back(
        {holder, filters == holder->filters.end() ? nullptr : &filters->second});
  }
  roleState.membersDirty = false;
  return roleState.members;
}

void HierarchicalAllocator::offer(RoundState& round, AgentState& agent, FrameworkState& holder,
                                  RoleState& roleState, Resources resources,
                                  const Quantities* whole)
{
  if (whole != nullptr) {
    agent.free = Resources();
  } else {
    agent.free -= resources;
  }
  resources.allocate(roleState.name);
  if (!agent.shared.empty()) {
    Resources shared = resources.filter(Resources::isShared);
    if (!shared.empty()) round.offeredShared[agent.index] += shared;
  }
  agent.allocated += resources;
  touch(agent);
  trackAllocated(agent, holder, roleState.name, resources, whole);
  if (whole != nullptr) {
    // Nothing is left: the cache is known without recomputing it.
    agent.available = Resources();
    agent.unreserved = Resources();
    agent.unreservedQuantities = Quantities();
    agent.unreservedNonRevocableQuantities = Quantities();
    agent.availableRevocableQuantities = Quantities();
    agent.reservedByRole.clear();
    agent.hasRevocable = false;
    agent.hasRefined = false;
    agent.cacheVersion = agent.version;
  }
  Resources& slot = round.offers[holder.index][roleState.name][agent.id.value()];
  if (slot.empty()) {
    slot = std::move(resources);
  } else {
    slot += resources;
  }
}

// --- The round --------------------------------------------------------------

void HierarchicalAllocator::runRound(const std::vector<std::uint32_t>* only)
{
  if (!initialized_) return;
  auto started = std::chrono::steady_clock::now();
  ++allocationRuns_;

  RoundState round;
  if (only != nullptr) {
    for (std::uint32_t index : *only) {
      if (index < agents_.size() && agents_[index])
        round.candidates.push_back(agents_[index].get());
    }
  } else {
    for (auto& state : agents_) {
      if (state) round.candidates.push_back(state.get());
    }
  }
  for (AgentState* state : round.candidates) {
    if (state->activated) round.agents.push_back(state);
  }
  if (settings_.shuffleAgents) std::shuffle(round.agents.begin(), round.agents.end(), random_);

  round.headroom = !quotas_.empty();
  if (round.headroom) {
    // Required headroom: sum over quota roles of the unsatisfied quota that
    // their unallocated reservations do not cover (As Mesos 1.5).
    for (const auto& [name, quota] : quotas_) {
      const Quantities& allocated = quotaSorter_.allocation(name);
      if (allocated.contains(quota.guarantee)) continue;
      RoleState* roleState = role(name);
      Quantities unallocatedReservations = reservations_[name];
      if (roleState != nullptr) unallocatedReservations -= roleState->allocatedReserved;
      round.requiredHeadroom += (quota.guarantee - allocated) - unallocatedReservations;
    }
    // Available headroom: unallocated, unreserved, non-revocable resources.
    round.availableHeadroom = roleSorter_.total();
    for (const auto& [name, roleState] : roles_) {
      round.availableHeadroom -= roleSorter_.allocation(name);
    }
    for (const auto& [name, reserved] : reservations_) {
      Quantities unallocated = reserved;
      if (RoleState* roleState = role(name)) unallocated -= roleState->allocatedReserved;
      round.availableHeadroom -= unallocated;
    }
    for (auto& state : agents_) {
      if (!state) continue;
      refresh(*state);
      round.availableHeadroom -= state->availableRevocableQuantities;
    }
    quotaStage(round);
  }
  fairStage(round);
  deallocate(round);

  for (auto& [index, offered] : round.offers) {
    if (FrameworkState* holder = frameworks_[index].get()) {
      offerCallback_(holder->id, std::move(offered));
    }
  }
  lastAllocationRunSeconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

void HierarchicalAllocator::quotaStage(RoundState& round)
{
  for (AgentState* state : round.agents) {
    for (int tag : quotaSorter_.sort()) {
      const std::string& name = quotaRoleByTag_[tag];
      const QuotaState& quota = quotas_.at(name);
      RoleState* roleState = role(name);
      if (roleState == nullptr) continue;  // no framework in the role

      // As Mesos 1.5: reservations count towards quota whether allocated or not.
      Quantities charged =
          reservations_[name] + (quotaSorter_.allocation(name) - roleState->allocatedReserved);
      Quantities unsatisfied = quota.guarantee - charged;

      for (const RoleState::Member& member : members(*roleState)) {
        FrameworkState& holder = *member.framework;
        if (!holder.gpu && state->hasGpus) continue;
        refresh(*state);
        Resources available = state->available;
        if (holder.shared) available += state->shared - round.offeredShared[state->index];

        Resources resources = available.reserved(name).nonRevocable();
        Quantities newQuota;
        Resources nonQuota;
        Quantities nonQuotaQuantities;
        Resources unreserved = available.nonRevocable().unreserved();
        std::vector<Resource> pieces(unreserved.begin(), unreserved.end());
        // Several "chops" may meet a limit: do not always pick the same one.
        std::shuffle(pieces.begin(), pieces.end(), random_);
        for (Resource& piece : pieces) {
          if (piece.type() != mesos::v1::Value::SCALAR) {
            nonQuota += piece;
            continue;
          }
          std::size_t index = names_.index(piece.name());
          bool guaranteed = index < quota.guaranteed.size() && quota.guaranteed[index];
          std::int64_t limit = guaranteed ? (unsatisfied - newQuota).milli(index)
                                          : (round.availableHeadroom - round.requiredHeadroom -
                                             (newQuota + nonQuotaQuantities))
                                                .milli(index);
          if (limit <= 0 || !shrink(piece, limit)) continue;
          if (guaranteed) {
            resources += piece;
            newQuota += Quantities::ofResource(piece, names_);
          } else {
            nonQuota += piece;
            nonQuotaQuantities += Quantities::ofResource(piece, names_);
          }
        }
        // Resources without quota ride along only with a quota or reserved allocation.
        if (!resources.empty()) resources += nonQuota;
        Quantities quantities = Quantities::of(resources, names_);
        if (!allocatable(quantities)) break;
        if (!holder.refinement && state->hasRefined) {
          resources =
              resources.filter([](const Resource& r) { return r.reservations_size() <= 1; });
          quantities = Quantities::of(resources, names_);
        }
        if (isFiltered(member.filters, *state, resources, quantities, 0)) continue;

        unsatisfied -= newQuota;
        round.requiredHeadroom -= newQuota;
        round.availableHeadroom -= Quantities::of(resources.unreserved(), names_);
        offer(round, *state, holder, *roleState, std::move(resources));
      }
    }
  }
}

void HierarchicalAllocator::fairStage(RoundState& round)
{
  Resources local;
  Quantities localQuantities;
  for (AgentState* state : round.agents) {
    refresh(*state);
    if (state->reservedByRole.empty() && state->shared.empty() &&
        !allocatable(state->unreservedQuantities)) {
      continue;  // nothing here for any role
    }
    for (int tag : roleSorter_.sort()) {
      refresh(*state);
      if (state->reservedByRole.empty() && state->shared.empty() &&
          !allocatable(state->unreservedQuantities)) {
        break;  // the agent has nothing left for any role
      }
      RoleState* roleState = roleByTag_[tag];
      if (roleState == nullptr || roleState->hasQuota) continue;
      std::vector<std::string> lineage;
      for (const RoleState::Member& member : members(*roleState)) {
        FrameworkState& holder = *member.framework;
        if (!holder.gpu && state->hasGpus) continue;
        refresh(*state);

        // The candidate: a view of the agent's cache until something must change.
        const Resources* candidate = &state->unreserved;
        const Quantities* quantities = &state->unreservedQuantities;
        std::uint64_t flags = 0;
        bool cacheable = true;
        auto replace = [&](Resources next) {
          local = std::move(next);
          localQuantities = Quantities::of(local, names_);
          candidate = &local;
          quantities = &localQuantities;
        };
        if (!state->reservedByRole.empty()) {
          // Reservations to the role or one of its ancestors (allocatableTo).
          if (lineage.empty()) lineage = selfAndAncestors(roleState->name);
          Resources with = *candidate;
          bool added = false;
          for (const std::string& ancestor : lineage) {
            auto reserved = state->reservedByRole.find(ancestor);
            if (reserved == state->reservedByRole.end()) continue;
            with += reserved->second;
            added = true;
          }
          if (added) replace(std::move(with));
        }
        if (holder.shared && !state->shared.empty()) {
          replace(*candidate + (state->shared - round.offeredShared[state->index]));
          cacheable = false;
        }
        if (!allocatable(*quantities)) break;  // same for every framework of the role

        if (!holder.revocable && state->hasRevocable) {
          replace(candidate->nonRevocable());
          flags |= 1;
        }
        if (!holder.refinement && state->hasRefined) {
          replace(candidate->filter([](const Resource& r) { return r.reservations_size() <= 1; }));
          flags |= 2;
        }

        // Hold back unreserved resources that unsatisfied quota needs.
        bool sufficient = true;
        Quantities headroom;
        if (round.headroom) {
          headroom =
              candidate == &state->unreserved
                  ? state->unreservedNonRevocableQuantities
                  : Quantities::of(candidate->filter(isUnreservedNonRevocableScalar), names_);
          sufficient = (round.availableHeadroom - headroom).contains(round.requiredHeadroom);
          if (!sufficient) {
            replace(candidate->filter(
                [](const Resource& r) { return !isUnreservedNonRevocableScalar(r); }));
            flags |= 4;
          }
        }
        if (!allocatable(*quantities)) continue;

        std::uint64_t signature = cacheable ? state->version * 8 + flags : 0;
        if (isFiltered(member.filters, *state, *candidate, *quantities, signature)) continue;

        if (round.headroom && sufficient) round.availableHeadroom -= headroom;
        bool whole = candidate == &state->unreserved && state->reservedByRole.empty() &&
                     !state->hasRevocable && state->shared.empty();
        Quantities wholeQuantities;
        if (whole) wholeQuantities = state->unreservedQuantities;
        offer(round, *state, holder, *roleState, *candidate, whole ? &wholeQuantities : nullptr);
      }
    }
  }
}

void HierarchicalAllocator::deallocate(RoundState& round)
{
  std::map<int, module::InverseOffered> inverse;
  for (AgentState* state : round.candidates) {
    if (!state->maintenance) continue;
    Maintenance& maintenance = *state->maintenance;
    for (auto& holder : frameworks_) {
      if (!holder || !holder->active) continue;
      bool holds = std::any_of(holder->tracked.begin(), holder->tracked.end(), [&](const auto& t) {
        return t.second.allocation.count(state->index) > 0;
      });
      if (!holds || maintenance.offersOutstanding.count(holder->id.value()) > 0) continue;
      auto filtered = holder->inverseFilters.find(state->index);
      if (filtered != holder->inverseFilters.end() && !filtered->second.empty()) continue;
      inverse[holder->index][state->id.value()] = {maintenance.unavailability};
      maintenance.offersOutstanding.insert(holder->id.value());
    }
  }
  for (auto& [index, offered] : inverse) {
    if (inverseOfferCallback_) inverseOfferCallback_(frameworks_[index]->id, std::move(offered));
  }
}

}  // namespace nucleus::modules::drf
