// Resources coming back, offer filters (refuse_seconds), suppress / revive and
// the maintenance answers (inverse offers).
#include <algorithm>
#include <cmath>

#include "hierarchical_allocator.hpp"

namespace nucleus::modules::drf {

namespace {
constexpr double kMaxRefuseSeconds = 365.0 * 24 * 3600;  // As Mesos: at most 365 days.
}

std::optional<std::chrono::milliseconds> HierarchicalAllocator::refuseTimeout(
    const std::optional<mesos::v1::Filters>& filters)
{
  if (!filters) return std::nullopt;
  // Mesos' Filters default: 5 seconds; negative or invalid values use it too.
  double seconds = mesos::v1::Filters().refuse_seconds();
  if (filters->has_refuse_seconds()) {
    double asked = filters->refuse_seconds();
    if (std::isnan(asked) || asked < 0) {
      seconds = mesos::v1::Filters().refuse_seconds();
    } else {
      seconds = std::min(asked, kMaxRefuseSeconds);
    }
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
}

void HierarchicalAllocator::recoverResources(
    const mesos::v1::FrameworkID& frameworkId, const mesos::v1::AgentID& agentId,
    const Resources& resources, const std::optional<mesos::v1::Filters>& filters) noexcept
{
  if (resources.empty()) return;
  FrameworkState* holder = framework(frameworkId.value());
  AgentState* state = agent(agentId.value());
  if (state == nullptr) return;  // removeAgent released everything on it

  std::vector<std::string> allocationRoles = resources.allocationRoles();
  if (holder != nullptr) {
    untrackAllocated(*state, *holder, resources);
    for (const std::string& name : allocationRoles) {
      auto tracked = holder->tracked.find(name);
      if (tracked != holder->tracked.end() && holder->roles.count(name) == 0 &&
          tracked->second.allocation.empty()) {
        untrackFrameworkUnderRole(*holder, name);
      }
    }
  } else if (state->allocated.contains(resources)) {
    state->allocated -= resources;
    Resources back = resources;
    back.unallocate();
    state->free += back;
    touch(*state);
  }

  // As Mesos: filters are per role, so the resources must be in one role.
  if (holder == nullptr || allocationRoles.size() != 1) return;
  std::optional<std::chrono::milliseconds> timeout = refuseTimeout(filters);
  if (!timeout || timeout->count() == 0) return;
  addOfferFilter(*holder, allocationRoles.front(), *state, resources, *timeout);
}

void HierarchicalAllocator::addOfferFilter(FrameworkState& holder, const std::string& name,
                                           AgentState& state, const Resources& resources,
                                           std::chrono::milliseconds timeout)
{
  OfferFilter filter;
  filter.id = nextFilterId_++;
  filter.refused = resources;
  filter.refused.unallocate();
  filter.refusedQuantities = Quantities::of(filter.refused, names_);
  holder.filters[name].byAgent[state.index].push_back(std::move(filter));
  if (RoleState* roleState = role(name)) roleState->membersDirty = true;

  // As Mesos (MESOS-4302): a filter lasts at least one allocation interval so
  // that it is applied in the next round.
  std::chrono::milliseconds after = std::max(timeout, options_.allocationInterval);
  std::weak_ptr<bool> alive = alive_;
  std::uint64_t id = nextFilterId_ - 1;
  host_.delay(after, [this, alive, frameworkId = holder.id.value(), name, index = state.index, id] {
    if (alive.lock()) expireOfferFilter(frameworkId, name, index, id);
  });
}

void HierarchicalAllocator::expireOfferFilter(const std::string& frameworkId,
                                              const std::string& name, std::uint32_t agentIndex,
                                              std::uint64_t filterId)
{
  FrameworkState* holder = framework(frameworkId);
  if (holder == nullptr) return;
  auto roleFilters = holder->filters.find(name);
  if (roleFilters == holder->filters.end()) return;
  auto agentFilters = roleFilters->second.byAgent.find(agentIndex);
  if (agentFilters == roleFilters->second.byAgent.end()) return;
  std::vector<OfferFilter>& list = agentFilters->second;
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const OfferFilter& f) { return f.id == filterId; }),
             list.end());
  if (list.empty()) roleFilters->second.byAgent.erase(agentFilters);
  if (roleFilters->second.byAgent.empty()) {
    holder->filters.erase(roleFilters);
    if (RoleState* roleState = role(name)) roleState->membersDirty = true;
  }
}

bool HierarchicalAllocator::isFiltered(RoleFilters* filters, const AgentState& agent,
                                       const Resources& resources, const Quantities& quantities,
                                       std::uint64_t signature)
{
  if (filters == nullptr) return false;
  auto found = filters->byAgent.find(agent.index);
  if (found == filters->byAgent.end()) return false;
  for (OfferFilter& filter : found->second) {
    // A candidate with the same signature (same agent state, same trimming)
    // is the same resources: reuse the last answer.
    if (signature != 0 && filter.checkedSignature == signature) {
      if (filter.checkedResult) return true;
      continue;
    }
    bool result =
        filter.refusedQuantities.contains(quantities) && filter.refused.contains(resources);
    if (signature != 0) {
      filter.checkedSignature = signature;
      filter.checkedResult = result;
    }
    if (result) return true;
  }
  return false;
}

void HierarchicalAllocator::dropAgentFilters(std::uint32_t agentIndex)
{
  for (auto& holder : frameworks_) {
    if (!holder) continue;
    for (auto& [name, filters] : holder->filters) filters.byAgent.erase(agentIndex);
    holder->inverseFilters.erase(agentIndex);
  }
}

void HierarchicalAllocator::suppressOffers(const mesos::v1::FrameworkID& frameworkId,
                                           const std::set<std::string>& roles) noexcept
{
  FrameworkState* holder = framework(frameworkId.value());
  if (holder == nullptr) return;
  const std::set<std::string> chosen = roles.empty() ? holder->roles : roles;
  for (const std::string& name : chosen) {
    if (RoleState* roleState = role(name)) {
      roleState->frameworkSorter->deactivate(frameworkId.value());
      roleState->membersDirty = true;
    }
    holder->suppressedRoles.insert(name);
  }
  log(module::Host::Level::Info, "Suppressed offers for framework " + frameworkId.value());
}

void HierarchicalAllocator::reviveOffers(const mesos::v1::FrameworkID& frameworkId,
                                         const std::set<std::string>& roles) noexcept
{
  FrameworkState* holder = framework(frameworkId.value());
  if (holder == nullptr) return;
  // As Mesos 1.5: REVIVE clears every filter of the framework, in all roles.
  holder->filters.clear();
  holder->inverseFilters.clear();
  const std::set<std::string> chosen = roles.empty() ? holder->roles : roles;
  for (const std::string& name : chosen) {
    holder->suppressedRoles.erase(name);
    RoleState* roleState = role(name);
    if (roleState != nullptr && holder->active && holder->roles.count(name) > 0) {
      roleState->frameworkSorter->activate(frameworkId.value());
    }
  }
  for (auto& [name, roleState] : roles_) roleState->membersDirty = true;
  log(module::Host::Level::Info, "Revived offers for framework " + frameworkId.value());
  requestAllocation(nullptr);
}

void HierarchicalAllocator::updateUnavailability(
    const mesos::v1::AgentID& agentId,
    const std::optional<mesos::v1::Unavailability>& unavailability) noexcept
{
  AgentState* state = agent(agentId.value());
  if (state == nullptr) return;
  for (auto& holder : frameworks_) {
    if (holder) holder->inverseFilters.erase(state->index);
  }
  state->maintenance.reset();
  if (unavailability) state->maintenance = Maintenance{*unavailability, {}};
  requestAllocation(state);
}

void HierarchicalAllocator::updateInverseOffer(
    const mesos::v1::AgentID& agentId, const mesos::v1::FrameworkID& frameworkId, bool accepted,
    const std::optional<mesos::v1::Filters>& filters) noexcept
{
  AgentState* state = agent(agentId.value());
  FrameworkState* holder = framework(frameworkId.value());
  if (state == nullptr || holder == nullptr || !state->maintenance) return;
  state->maintenance->offersOutstanding.erase(frameworkId.value());
  log(module::Host::Level::Info, "Framework " + frameworkId.value() +
                                     (accepted ? " accepted" : " declined") +
                                     " the inverse offer for agent " + agentId.value());

  std::optional<std::chrono::milliseconds> timeout = refuseTimeout(filters);
  if (!timeout || timeout->count() == 0) return;
  std::uint64_t id = nextFilterId_++;
  holder->inverseFilters[state->index].insert(id);
  std::weak_ptr<bool> alive = alive_;
  host_.delay(*timeout, [this, alive, frameworkId = frameworkId.value(), index = state->index, id] {
    if (!alive.lock()) return;
    FrameworkState* owner = framework(frameworkId);
    if (owner == nullptr) return;
    auto found = owner->inverseFilters.find(index);
    if (found == owner->inverseFilters.end()) return;
    found->second.erase(id);
    if (found->second.empty()) owner->inverseFilters.erase(found);
  });
}

}  // namespace nucleus::modules::drf
