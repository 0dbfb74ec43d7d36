// The allocator's entry points: frameworks, quota and weights, and the
// tracking of allocations in the sorters. Agents are in agents.cpp, rounds in
// allocation_round.cpp, filters and resource recovery in offer_filters.cpp.
#include "hierarchical_allocator.hpp"

#include <algorithm>
#include <utility>

namespace nucleus::modules::drf {

namespace {

using Capability = mesos::v1::FrameworkInfo::Capability;

bool hasCapability(const mesos::v1::FrameworkInfo& info, Capability::Type type)
{
  return std::any_of(info.capabilities().begin(), info.capabilities().end(),
                     [&](const Capability& c) { return c.type() == type; });
}

// As Mesos' protobuf::framework::getRoles: MULTI_ROLE frameworks use `roles`.
std::set<std::string> rolesOf(const mesos::v1::FrameworkInfo& info)
{
  if (hasCapability(info, Capability::MULTI_ROLE)) {
    return {info.roles().begin(), info.roles().end()};
  }
  // `role` is deprecated in v1 but still what a non-MULTI_ROLE framework uses.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  return {info.has_role() ? info.role() : std::string("*")};
#pragma GCC diagnostic pop
}

void setCapabilities(FrameworkState& framework, const mesos::v1::FrameworkInfo& info)
{
  framework.revocable = hasCapability(info, Capability::REVOCABLE_RESOURCES);
  framework.gpu = hasCapability(info, Capability::GPU_RESOURCES);
  framework.shared = hasCapability(info, Capability::SHARED_RESOURCES);
  framework.refinement = hasCapability(info, Capability::RESERVATION_REFINEMENT);
}

}  // namespace

HierarchicalAllocator::HierarchicalAllocator(module::Host& host, Settings settings)
    : host_(host), settings_(settings), random_(settings.seed)
{
}

HierarchicalAllocator::~HierarchicalAllocator()
{
  *alive_ = false;
}

void HierarchicalAllocator::log(module::Host::Level level, const std::string& message)
{
  host_.log(level, message);
}

Try<Nothing> HierarchicalAllocator::initialize(const module::AllocatorOptions& options,
                                               OfferCallback offer,
                                               InverseOfferCallback inverseOffer) noexcept
{
  if (initialized_) return Error("the allocator is already initialized");
  if (options.allocationInterval.count() <= 0) {
    return Error("the allocation interval must be positive, not " +
                 std::to_string(options.allocationInterval.count()) + "ms");
  }
  for (const auto& [role, weight] : options.weights) {
    if (!(weight > 0)) {
      return Error("the weight of role '" + role + "' must be positive, not " +
                   std::to_string(weight));
    }
  }
  options_ = options;
  offerCallback_ = std::move(offer);
  inverseOfferCallback_ = std::move(inverseOffer);

  for (const std::string& name : options.fairSharingExcludedResourceNames) {
    std::size_t index = names_.index(name);
    if (excluded_.size() <= index) excluded_.resize(index + 1, 0);
    excluded_[index] = 1;
  }
  if (options.minAllocatableResources.empty()) {
    // As Mesos 1.5: MIN_CPUS 0.01 or MIN_MEM 32MB.
    ResourceQuantities cpus, mem;
    cpus.set("cpus", 0.01);
    mem.set("mem", 32);
    minAllocatable_ = {Quantities::of(cpus, names_), Quantities::of(mem, names_)};
  } else {
    for (const ResourceQuantities& q : options.minAllocatableResources) {
      minAllocatable_.push_back(Quantities::of(q, names_));
    }
  }
  for (const auto& [role, weight] : options.weights) {
    roleSorter_.updateWeight(role, weight);
    quotaSorter_.updateWeight(role, weight);
  }
  initialized_ = true;
  scheduleTick();
  return Nothing{};
}

FrameworkState* HierarchicalAllocator::framework(const std::string& id)
{
  auto found = frameworkIndex_.find(id);
  return found == frameworkIndex_.end() ? nullptr : frameworks_[found->second].get();
}

AgentState* HierarchicalAllocator::agent(const std::string& id)
{
  auto found = agentIndex_.find(id);
  return found == agentIndex_.end() ? nullptr : agents_[found->second].get();
}

RoleState* HierarchicalAllocator::role(const std::string& name)
{
  auto found = roles_.find(name);
  return found == roles_.end() ? nullptr : found->second.get();
}

// --- Tracking -------------------------------------------------------------

RoleState& HierarchicalAllocator::trackFrameworkUnderRole(FrameworkState& framework,
                                                          const std::string& name)
{
  RoleState* state = role(name);
  if (state == nullptr) {
    auto created = std::make_unique<RoleState>();
    created->name = name;
    created->tag = static_cast<int>(roleByTag_.size());
    created->hasQuota = quotas_.count(name) > 0;
    created->frameworkSorter = std::make_unique<DrfSorter>(&excluded_);
    roleByTag_.push_back(created.get());
    roleSorter_.add(name, created->tag);
    roleSorter_.activate(name);
    state = created.get();
    roles_.emplace(name, std::move(created));
  }
  if (state->frameworks.insert(framework.index).second) {
    state->frameworkSorter->add(framework.id.value(), framework.index);
    state->membersDirty = true;
  }
  framework.tracked[name];
  return *state;
}

void HierarchicalAllocator::untrackFrameworkUnderRole(FrameworkState& framework,
                                                      const std::string& name)
{
  framework.tracked.erase(name);
  RoleState* state = role(name);
  if (state == nullptr) return;
  state->frameworks.erase(framework.index);
  state->frameworkSorter->remove(framework.id.value());
  state->membersDirty = true;
  if (state->frameworks.empty()) {
    roleSorter_.remove(name);
    roleByTag_[state->tag] = nullptr;
    roles_.erase(name);
  }
}

void HierarchicalAllocator::trackAllocated(AgentState& agent, FrameworkState& framework,
                                           const std::string& name, const Resources& resources,
                                           const Quantities* plain)
{
  RoleState& state = framework.tracked.count(name) && role(name) != nullptr
                         ? *role(name)
                         : trackFrameworkUnderRole(framework, name);
  framework.tracked[name].allocation[agent.index] += resources;

  Quantities computed;
  Quantities nonRevocableComputed;
  if (plain == nullptr) {
    computed = Quantities::of(resources, names_);
    nonRevocableComputed = computed;
    Resources revocable = resources.revocable();
    if (!revocable.empty()) nonRevocableComputed -= Quantities::of(revocable, names_);
    state.allocatedReserved += Quantities::of(resources.reserved(), names_);
  }
  const Quantities& quantities = plain != nullptr ? *plain : computed;
  const Quantities& nonRevocable = plain != nullptr ? *plain : nonRevocableComputed;

  roleSorter_.allocated(name, quantities);
  state.frameworkSorter->addTotal(quantities);
  state.frameworkSorter->allocated(framework.id.value(), quantities);
  state.membersDirty = true;
  state.allocationNonRevocable += nonRevocable;
  if (state.hasQuota) quotaSorter_.allocated(name, nonRevocable);
}

void HierarchicalAllocator::trackUsed(AgentState& agent, FrameworkState& framework,
                                      const Resources& used)
{
  for (const std::string& name : used.allocationRoles()) {
    trackAllocated(agent, framework, name, used.allocatedTo(name));
  }
  // Resources without allocation info belong to the framework's only role.
  Resources unallocated = used.filter([](const Resource& r) { return !r.has_allocation_info(); });
  if (!unallocated.empty() && framework.roles.size() == 1) {
    unallocated.allocate(*framework.roles.begin());
    trackAllocated(agent, framework, *framework.roles.begin(), unallocated);
  }
}

void HierarchicalAllocator::untrackAllocated(AgentState& agent, FrameworkState& framework,
                                             const Resources& resources)
{
  for (const std::string& name : resources.allocationRoles()) {
    auto tracked = framework.tracked.find(name);
    RoleState* state = role(name);
    if (tracked == framework.tracked.end() || state == nullptr) continue;
    auto held = tracked->second.allocation.find(agent.index);
    if (held == tracked->second.allocation.end()) continue;
    Resources part = resources.allocatedTo(name);
    if (!held->second.contains(part)) {
      log(module::Host::Level::Warning, "Ignoring the recovery of " + part.toString() +
                                            " on agent " + agent.id.value() + " from framework " +
                                            framework.id.value() + ": it holds only " +
                                            held->second.toString());
      continue;
    }
    held->second -= part;
    if (held->second.empty()) tracked->second.allocation.erase(held);

    Quantities quantities = Quantities::of(part, names_);
    Quantities nonRevocable = quantities;
    Resources revocable = part.revocable();
    if (!revocable.empty()) nonRevocable -= Quantities::of(revocable, names_);

    state->frameworkSorter->unallocated(framework.id.value(), quantities);
    state->frameworkSorter->removeTotal(quantities);
    state->membersDirty = true;
    roleSorter_.unallocated(name, quantities);
    state->allocationNonRevocable -= nonRevocable;
    state->allocatedReserved -= Quantities::of(part.reserved(), names_);
    if (state->hasQuota) quotaSorter_.unallocated(name, nonRevocable);

    agent.allocated -= part;
    part.unallocate();
    agent.free += part;
    touch(agent);
  }
}

void HierarchicalAllocator::addTotals(const Resources& total, int sign)
{
  Quantities quantities = Quantities::of(total, names_);
  Quantities nonRevocable = Quantities::of(total.nonRevocable(), names_);
  if (sign > 0) {
    roleSorter_.addTotal(quantities);
    quotaSorter_.addTotal(nonRevocable);
  } else {
    roleSorter_.removeTotal(quantities);
    quotaSorter_.removeTotal(nonRevocable);
  }
  Resources reserved = total.reserved();
  for (const Resource& resource : reserved) {
    Quantities& byRole = reservations_[Resources::reservationRole(resource)];
    Quantities one = Quantities::ofResource(resource, names_);
    if (sign > 0) {
      byRole += one;
    } else {
      byRole -= one;
    }
  }
  for (auto it = reservations_.begin(); it != reservations_.end();) {
    it = it->second.empty() ? reservations_.erase(it) : std::next(it);
  }
}

void HierarchicalAllocator::updateAgentTotal(AgentState& agent, const Resources& total)
{
  if (agent.total == total) return;
  addTotals(agent.total, -1);
  agent.total = total;
  addTotals(agent.total, +1);
  agent.hasGpus = agent.total.scalar("gpus").value_or(0) > 0;
  recomputeFree(agent);
}

void HierarchicalAllocator::recomputeFree(AgentState& agent)
{
  Resources allocated = agent.allocated;
  allocated.unallocate();
  agent.free = agent.total - allocated;
  touch(agent);
}

// --- Frameworks -------------------------------------------------------------

void HierarchicalAllocator::addFramework(const mesos::v1::FrameworkID& frameworkId,
                                         const mesos::v1::FrameworkInfo& frameworkInfo,
                                         const std::map<std::string, Resources>& used, bool active,
                                         const std::set<std::string>& suppressedRoles) noexcept
{
  if (framework(frameworkId.value()) != nullptr) {
    log(module::Host::Level::Warning, "Ignoring framework " + frameworkId.value() + " added twice");
    return;
  }
  auto created = std::make_unique<FrameworkState>();
  FrameworkState& state = *created;
  state.index = static_cast<int>(frameworks_.size());
  state.id = frameworkId;
  state.roles = rolesOf(frameworkInfo);
  state.suppressedRoles = suppressedRoles;
  state.active = active;
  setCapabilities(state, frameworkInfo);
  frameworkIndex_[frameworkId.value()] = state.index;
  frameworks_.push_back(std::move(created));

  for (const std::string& name : state.roles) {
    RoleState& roleState = trackFrameworkUnderRole(state, name);
    if (active && suppressedRoles.count(name) == 0) {
      roleState.frameworkSorter->activate(frameworkId.value());
    }
  }
  for (const auto& [agentId, resources] : used) {
    if (AgentState* held = agent(agentId)) trackUsed(*held, state, resources);
  }
  log(module::Host::Level::Info, "Added framework " + frameworkId.value());
  if (active) requestAllocation(nullptr);
}

void HierarchicalAllocator::removeFramework(const mesos::v1::FrameworkID& frameworkId) noexcept
{
  FrameworkState* state = framework(frameworkId.value());
  if (state == nullptr) return;
  std::vector<std::string> tracked;
  for (const auto& [name, frameworkRole] : state->tracked) tracked.push_back(name);
  for (const std::string& name : tracked) {
    std::vector<std::pair<std::uint32_t, Resources>> held(state->tracked[name].allocation.begin(),
                                                          state->tracked[name].allocation.end());
    for (const auto& [agentIndex, resources] : held) {
      if (agents_[agentIndex]) untrackAllocated(*agents_[agentIndex], *state, resources);
    }
    untrackFrameworkUnderRole(*state, name);
  }
  frameworkIndex_.erase(frameworkId.value());
  frameworks_[state->index].reset();
  log(module::Host::Level::Info, "Removed framework " + frameworkId.value());
}

void HierarchicalAllocator::activateFramework(const mesos::v1::FrameworkID& frameworkId) noexcept
{
  FrameworkState* state = framework(frameworkId.value());
  if (state == nullptr) return;
  state->active = true;
  for (const std::string& name : state->roles) {
    RoleState* roleState = role(name);
    if (roleState != nullptr && state->suppressedRoles.count(name) == 0) {
      roleState->frameworkSorter->activate(frameworkId.value());
      roleState->membersDirty = true;
    }
  }
  log(module::Host::Level::Info, "Activated framework " + frameworkId.value());
  requestAllocation(nullptr);
}

void HierarchicalAllocator::deactivateFramework(const mesos::v1::FrameworkID& frameworkId) noexcept
{
  FrameworkState* state = framework(frameworkId.value());
  if (state == nullptr) return;
  for (const std::string& name : state->roles) {
    if (RoleState* roleState = role(name)) {
      roleState->frameworkSorter->deactivate(frameworkId.value());
      roleState->membersDirty = true;
    }
  }
  state->active = false;
  // As Mesos: a framework that comes back starts without filters.
  state->filters.clear();
  state->inverseFilters.clear();
  for (auto& [name, roleState] : roles_) roleState->membersDirty = true;
  log(module::Host::Level::Info, "Deactivated framework " + frameworkId.value());
}

void HierarchicalAllocator::updateFramework(const mesos::v1::FrameworkID& frameworkId,
                                            const mesos::v1::FrameworkInfo& frameworkInfo,
                                            const std::set<std::string>& suppressedRoles) noexcept
{
  FrameworkState* state = framework(frameworkId.value());
  if (state == nullptr) return;
  const std::set<std::string> oldRoles = state->roles;
  const std::set<std::string> newRoles = rolesOf(frameworkInfo);

  for (const std::string& name : oldRoles) {
    if (newRoles.count(name) > 0) continue;
    if (RoleState* roleState = role(name)) {
      roleState->frameworkSorter->deactivate(frameworkId.value());
      roleState->membersDirty = true;
    }
    auto tracked = state->tracked.find(name);
    if (tracked != state->tracked.end() && tracked->second.allocation.empty()) {
      untrackFrameworkUnderRole(*state, name);
    }
    state->filters.erase(name);
  }
  for (const std::string& name : newRoles) {
    RoleState& roleState = state->tracked.count(name) && role(name) != nullptr
                               ? *role(name)
                               : trackFrameworkUnderRole(*state, name);
    if (state->active && suppressedRoles.count(name) == 0) {
      roleState.frameworkSorter->activate(frameworkId.value());
    } else {
      roleState.frameworkSorter->deactivate(frameworkId.value());
    }
    roleState.membersDirty = true;
  }
  state->roles = newRoles;
  state->suppressedRoles = suppressedRoles;
  setCapabilities(*state, frameworkInfo);
}

// --- Quota and weights ------------------------------------------------------

void HierarchicalAllocator::setQuota(const std::string& name,
                                     const mesos::v1::quota::QuotaInfo& quota) noexcept
{
  if (quotas_.count(name) > 0) removeQuota(name);
  QuotaState state;
  state.info = quota;
  state.guarantee = Quantities::of(Resources(quota.guarantee()), names_);
  state.guaranteed.assign(names_.size(), 0);
  for (const mesos::v1::Resource& resource : quota.guarantee()) {
    state.guaranteed[names_.index(resource.name())] = 1;
  }
  state.tag = static_cast<int>(quotaRoleByTag_.size());
  quotaRoleByTag_.push_back(name);
  quotaSorter_.add(name, state.tag);
  quotaSorter_.activate(name);
  if (RoleState* roleState = role(name)) {
    roleState->hasQuota = true;
    quotaSorter_.allocated(name, roleState->allocationNonRevocable);
  }
  log(module::Host::Level::Info,
      "Set quota " + Resources(quota.guarantee()).toString() + " for role '" + name + "'");
  quotas_.emplace(name, std::move(state));
}

void HierarchicalAllocator::removeQuota(const std::string& name) noexcept
{
  auto found = quotas_.find(name);
  if (found == quotas_.end()) return;
  quotaSorter_.remove(name);
  quotas_.erase(found);
  if (RoleState* roleState = role(name)) roleState->hasQuota = false;
  log(module::Host::Level::Info, "Removed quota for role '" + name + "'");
}

void HierarchicalAllocator::updateWeights(
    const std::vector<mesos::v1::WeightInfo>& weights) noexcept
{
  for (const mesos::v1::WeightInfo& info : weights) {
    if (!info.has_role() || !(info.weight() > 0)) continue;
    roleSorter_.updateWeight(info.role(), info.weight());
    quotaSorter_.updateWeight(info.role(), info.weight());
  }
}

// --- Stats ------------------------------------------------------------------

module::AllocatorStats HierarchicalAllocator::stats() const noexcept
{
  module::AllocatorStats result;
  result.allocationRuns = allocationRuns_;
  result.lastAllocationRunSeconds = lastAllocationRunSeconds_;
  for (const auto& [name, state] : roles_) result.roleShares[name] = roleSorter_.share(name);
  for (const auto& holder : frameworks_) {
    if (!holder) continue;
    for (const auto& [name, filters] : holder->filters) {
      double count = 0;
      for (const auto& [agentIndex, list] : filters.byAgent) count += list.size();
      if (count > 0) result.offerFilters[name] += count;
    }
  }
  return result;
}

}  // namespace nucleus::modules::drf
