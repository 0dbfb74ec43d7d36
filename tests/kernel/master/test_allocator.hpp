#pragma once

// A tiny allocator for the master's tests: after every change it offers each
// agent's unused resources to the first active framework (in id order) that
// is neither suppressed nor filtered on that agent. Deterministic, no timers.
// It also records the calls it got, for tests that check what the master told
// the allocator.
//
// Thread safety: the allocator methods run on its strand (the kind's
// contract); calls() may be read from any thread (guarded by a mutex).

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "kernel/loader/module_ptr.hpp"
#include "nucleus/module/kinds/allocator.hpp"

namespace nucleus::testing {

class TestAllocator final : public module::Allocator {
 public:
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
  void setQuota(const std::string& role, const mesos::v1::quota::QuotaInfo& quota) noexcept override;
  void removeQuota(const std::string& role) noexcept override;
  void updateWeights(const std::vector<mesos::v1::WeightInfo>& weights) noexcept override;
  void pause() noexcept override {}
  void resume() noexcept override {}
  void allocate() noexcept override;
  module::AllocatorStats stats() const noexcept override { return {}; }

  // "addAgent", "recoverResources", ... in the order received.
  std::vector<std::string> calls() const;

  // A ModulePtr that deletes a TestAllocator (no library behind it).
  static loader::ModulePtr<module::Allocator> make(TestAllocator** out = nullptr);

 private:
  struct Framework {
    mesos::v1::FrameworkInfo info;
    bool active = true;
    bool suppressed = false;
    std::map<std::string, std::chrono::steady_clock::time_point> filteredUntil;  // by agent
  };
  struct Agent {
    Resources available;
    bool active = true;
  };
  void record(std::string call);

  OfferCallback offer_;
  std::map<std::string, Framework> frameworks_;
  std::map<std::string, Agent> agents_;
  mutable std::mutex mutex_;  // guards calls_ only (read by tests)
  std::vector<std::string> calls_;
};

}  // namespace nucleus::testing
