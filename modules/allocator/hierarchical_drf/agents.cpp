// Agents: adding, removing, (de)activating and updating them, and the
// resources changes that operations make (updateAllocation, updateAvailable).
#include <algorithm>

#include "hierarchical_allocator.hpp"

namespace nucleus::modules::drf {

// --- Agents -----------------------------------------------------------------

void HierarchicalAllocator::addAgent(const mesos::v1::AgentID& agentId,
                                     const mesos::v1::AgentInfo& agentInfo,
                                     const std::optional<mesos::v1::Unavailability>& unavailability,
                                     const Resources& total,
                                     const std::map<std::string, Resources>& used) noexcept
{
  if (agent(agentId.value()) != nullptr) {
    log(module::Host::Level::Warning, "Ignoring agent " + agentId.value() + " added twice");
    return;
  }
  auto created = std::make_unique<AgentState>();
  AgentState& state = *created;
  state.index = static_cast<std::uint32_t>(agents_.size());
  state.id = agentId;
  state.info = agentInfo;
  state.total = total;
  state.hasGpus = total.scalar("gpus").value_or(0) > 0;
  if (unavailability) state.maintenance = Maintenance{*unavailability, {}};
  touch(state);
  agentIndex_[agentId.value()] = state.index;
  agents_.push_back(std::move(created));
  addTotals(total, +1);

  for (const auto& [frameworkId, resources] : used) {
    state.allocated += resources;
    if (FrameworkState* holder = framework(frameworkId)) trackUsed(state, *holder, resources);
  }
  recomputeFree(state);
  log(module::Host::Level::Info, "Added agent " + agentId.value() + " with " + total.toString() +
                                     " (allocated: " + state.allocated.toString() + ")");
  requestAllocation(&state);
}

void HierarchicalAllocator::removeAgent(const mesos::v1::AgentID& agentId) noexcept
{
  AgentState* state = agent(agentId.value());
  if (state == nullptr) return;
  for (auto& holder : frameworks_) {
    if (!holder) continue;
    std::vector<std::string> emptied;
    for (auto& [name, frameworkRole] : holder->tracked) {
      auto held = frameworkRole.allocation.find(state->index);
      if (held == frameworkRole.allocation.end()) continue;
      Resources resources = held->second;
      untrackAllocated(*state, *holder, resources);
      if (holder->roles.count(name) == 0 && frameworkRole.allocation.empty()) {
        emptied.push_back(name);
      }
    }
    for (const std::string& name : emptied) untrackFrameworkUnderRole(*holder, name);
  }
  dropAgentFilters(state->index);
  addTotals(state->total, -1);
  agentIndex_.erase(agentId.value());
  agents_[state->index].reset();
  log(module::Host::Level::Info, "Removed agent " + agentId.value());
}

void HierarchicalAllocator::updateAgent(const mesos::v1::AgentID& agentId,
                                        const mesos::v1::AgentInfo& agentInfo,
                                        const Resources& total) noexcept
{
  AgentState* state = agent(agentId.value());
  if (state == nullptr) return;
  bool updated = false;
  if (state->info.SerializeAsString() != agentInfo.SerializeAsString()) {
    // As Mesos: changed attributes drop the filters for the agent.
    if (state->info.attributes_size() != agentInfo.attributes_size() ||
        !std::equal(state->info.attributes().begin(), state->info.attributes().end(),
                    agentInfo.attributes().begin(), [](const auto& a, const auto& b) {
                      return a.SerializeAsString() == b.SerializeAsString();
                    })) {
      dropAgentFilters(state->index);
    }
    state->info = agentInfo;
    updated = true;
  }
  if (!(state->total == total)) {
    updateAgentTotal(*state, total);
    updated = true;
  }
  if (updated) requestAllocation(state);
}

void HierarchicalAllocator::activateAgent(const mesos::v1::AgentID& agentId) noexcept
{
  if (AgentState* state = agent(agentId.value())) {
    state->activated = true;
    log(module::Host::Level::Info, "Agent " + agentId.value() + " reactivated");
  }
}

void HierarchicalAllocator::deactivateAgent(const mesos::v1::AgentID& agentId) noexcept
{
  if (AgentState* state = agent(agentId.value())) {
    state->activated = false;
    log(module::Host::Level::Info, "Agent " + agentId.value() + " deactivated");
  }
}

void HierarchicalAllocator::updateAllocation(const mesos::v1::FrameworkID& frameworkId,
                                             const mesos::v1::AgentID& agentId,
                                             const Resources& offered,
                                             const Resources& converted) noexcept
{
  FrameworkState* holder = framework(frameworkId.value());
  AgentState* state = agent(agentId.value());
  std::vector<std::string> allocationRoles = offered.allocationRoles();
  if (holder == nullptr || state == nullptr || allocationRoles.size() != 1) {
    log(module::Host::Level::Warning, "Ignoring an allocation update on agent " + agentId.value() +
                                          " for framework " + frameworkId.value() +
                                          ": unknown framework or agent, or not exactly one role");
    return;
  }
  const std::string& name = allocationRoles.front();
  Resources updated = converted;
  updated.allocate(name);

  // The total changes as the offered resources did.
  Resources before = offered, after = updated;
  before.unallocate();
  after.unallocate();
  Resources total = state->total - before + after;

  untrackAllocated(*state, *holder, offered);
  updateAgentTotal(*state, total);
  state->allocated += updated;
  trackAllocated(*state, *holder, name, updated);
  recomputeFree(*state);
  log(module::Host::Level::Info, "Updated allocation of framework " + frameworkId.value() +
                                     " on agent " + agentId.value() + " from " +
                                     offered.toString() + " to " + updated.toString());
}

Try<Nothing> HierarchicalAllocator::updateAvailable(const mesos::v1::AgentID& agentId,
                                                    const Resources& from,
                                                    const Resources& to) noexcept
{
  AgentState* state = agent(agentId.value());
  if (state == nullptr) return Error("Unknown agent " + agentId.value());
  refresh(*state);
  Resources available = state->available + state->shared;
  if (!available.contains(from)) {
    return Error("Failed to update available resources on agent " + agentId.value() + ": " +
                 from.toString() + " is not available (available: " + available.toString() + ")");
  }
  updateAgentTotal(*state, state->total - from + to);
  return Nothing{};
}

}  // namespace nucleus::modules::drf
