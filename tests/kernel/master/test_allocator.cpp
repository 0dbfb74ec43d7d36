#include "test_allocator.hpp"

namespace nucleus::testing {

namespace {
void destroyAllocator(void* instance) { delete static_cast<module::Allocator*>(instance); }

std::string firstRole(const mesos::v1::FrameworkInfo& info)
{
  return info.roles_size() > 0 ? info.roles(0) : std::string("*");
}
}  // namespace

loader::ModulePtr<module::Allocator> TestAllocator::make(TestAllocator** out)
{
  auto* allocator = new TestAllocator();
  if (out != nullptr) *out = allocator;
  return loader::ModulePtr<module::Allocator>(allocator,
                                              loader::ModuleDeleter(nullptr, &destroyAllocator));
}

void TestAllocator::record(std::string call)
{
  std::lock_guard lock(mutex_);
  calls_.push_back(std::move(call));
}

std::vector<std::string> TestAllocator::calls() const
{
  std::lock_guard lock(mutex_);
  return calls_;
}

Try<Nothing> TestAllocator::initialize(const module::AllocatorOptions&, OfferCallback offer,
                                       InverseOfferCallback) noexcept
{
  offer_ = std::move(offer);
  return Nothing{};
}

void TestAllocator::addFramework(const mesos::v1::FrameworkID& id,
                                 const mesos::v1::FrameworkInfo& info,
                                 const std::map<std::string, Resources>&, bool active,
                                 const std::set<std::string>& suppressed) noexcept
{
  record("addFramework");
  frameworks_[id.value()] = Framework{info, active, !suppressed.empty(), {}};
  allocate();
}

void TestAllocator::removeFramework(const mesos::v1::FrameworkID& id) noexcept
{
  record("removeFramework");
  frameworks_.erase(id.value());
}

void TestAllocator::activateFramework(const mesos::v1::FrameworkID& id) noexcept
{
  record("activateFramework");
  frameworks_[id.value()].active = true;
  allocate();
}

void TestAllocator::deactivateFramework(const mesos::v1::FrameworkID& id) noexcept
{
  record("deactivateFramework");
  frameworks_[id.value()].active = false;
}

void TestAllocator::updateFramework(const mesos::v1::FrameworkID& id,
                                    const mesos::v1::FrameworkInfo& info,
                                    const std::set<std::string>& suppressed) noexcept
{
  record("updateFramework");
  frameworks_[id.value()].info = info;
  frameworks_[id.value()].suppressed = !suppressed.empty();
}

void TestAllocator::addAgent(const mesos::v1::AgentID& id, const mesos::v1::AgentInfo&,
                             const std::optional<mesos::v1::Unavailability>&,
                             const Resources& total,
                             const std::map<std::string, Resources>& used) noexcept
{
  record("addAgent");
  Resources available = total;
  for (const auto& [frameworkId, resources] : used) {
    Resources plain = resources;
    plain.unallocate();
    available -= plain;
  }
  agents_[id.value()] = Agent{available, true};
  allocate();
}

void TestAllocator::removeAgent(const mesos::v1::AgentID& id) noexcept
{
  record("removeAgent");
  agents_.erase(id.value());
}

void TestAllocator::updateAgent(const mesos::v1::AgentID&, const mesos::v1::AgentInfo&,
                                const Resources&) noexcept
{
  record("updateAgent");
}

void TestAllocator::activateAgent(const mesos::v1::AgentID& id) noexcept
{
  record("activateAgent");
  if (agents_.count(id.value())) agents_[id.value()].active = true;
  allocate();
}

void TestAllocator::deactivateAgent(const mesos::v1::AgentID& id) noexcept
{
  record("deactivateAgent");
  if (agents_.count(id.value())) agents_[id.value()].active = false;
}

void TestAllocator::updateAllocation(const mesos::v1::FrameworkID&, const mesos::v1::AgentID&,
                                     const Resources&, const Resources&) noexcept
{
  record("updateAllocation");
}

Try<Nothing> TestAllocator::updateAvailable(const mesos::v1::AgentID&, const Resources&,
                                            const Resources&) noexcept
{
  record("updateAvailable");
  return Nothing{};
}

void TestAllocator::updateUnavailability(const mesos::v1::AgentID&,
                                         const std::optional<mesos::v1::Unavailability>&) noexcept
{
  record("updateUnavailability");
}

void TestAllocator::updateInverseOffer(const mesos::v1::AgentID&, const mesos::v1::FrameworkID&,
                                       bool, const std::optional<mesos::v1::Filters>&) noexcept
{
  record("updateInverseOffer");
}

void TestAllocator::recoverResources(const mesos::v1::FrameworkID& frameworkId,
                                     const mesos::v1::AgentID& agentId, const Resources& resources,
                                     const std::optional<mesos::v1::Filters>& filters) noexcept
{
  record("recoverResources");
  auto agent = agents_.find(agentId.value());
  if (agent == agents_.end()) return;
  Resources plain = resources;
  plain.unallocate();
  agent->second.available += plain;
  auto framework = frameworks_.find(frameworkId.value());
  if (framework != frameworks_.end() && filters && filters->refuse_seconds() > 0) {
    framework->second.filteredUntil[agentId.value()] =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(filters->refuse_seconds() * 1000));
  }
  allocate();
}

void TestAllocator::suppressOffers(const mesos::v1::FrameworkID& id,
                                   const std::set<std::string>&) noexcept
{
  record("suppressOffers");
  frameworks_[id.value()].suppressed = true;
}

void TestAllocator::reviveOffers(const mesos::v1::FrameworkID& id,
                                 const std::set<std::string>&) noexcept
{
  record("reviveOffers");
  frameworks_[id.value()].suppressed = false;
  frameworks_[id.value()].filteredUntil.clear();
  allocate();
}

void TestAllocator::setQuota(const std::string&, const mesos::v1::quota::QuotaInfo&) noexcept {}
void TestAllocator::removeQuota(const std::string&) noexcept {}
void TestAllocator::updateWeights(const std::vector<mesos::v1::WeightInfo>&) noexcept {}

void TestAllocator::allocate() noexcept
{
  auto now = std::chrono::steady_clock::now();
  for (auto& [agentId, agent] : agents_) {
    if (!agent.active || agent.available.empty()) continue;
    for (auto& [frameworkId, framework] : frameworks_) {
      if (!framework.active || framework.suppressed) continue;
      auto filter = framework.filteredUntil.find(agentId);
      if (filter != framework.filteredUntil.end() && filter->second > now) continue;
      std::string role = firstRole(framework.info);
      Resources offered = agent.available.allocatableTo(role);
      if (offered.empty()) continue;
      agent.available -= offered;
      offered.allocate(role);
      mesos::v1::FrameworkID id;
      id.set_value(frameworkId);
      module::OfferedResources offer;
      offer[role][agentId] = offered;
      offer_(id, offer);
      break;
    }
  }
}

}  // namespace nucleus::testing
