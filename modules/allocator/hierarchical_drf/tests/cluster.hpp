#pragma once

// A small explicit cluster around one HierarchicalAllocator for the unit
// tests: helpers to add agents and frameworks from Mesos' text form, and the
// offers the allocator made, flattened to one row per (framework, role, agent).
// Agents are visited in the order they were added (agent_order "sorted").
//
// Thread safety: single-threaded test code.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fake_host.hpp"
#include "hierarchical_allocator.hpp"
#include "kernel/proto/resources_text.hpp"

namespace nucleus::testing {

inline Resources res(const std::string& text)
{
  auto parsed = proto::parseResources(text);
  REQUIRE_MESSAGE(parsed.has_value(), text);
  return Resources(*parsed);
}

inline Resources allocated(Resources resources, const std::string& role)
{
  resources.allocate(role);
  return resources;
}

struct OfferRow {
  std::string framework;
  std::string role;
  std::string agent;
  Resources resources;  // with allocation info
};

inline mesos::v1::FrameworkID frameworkId(const std::string& id)
{
  mesos::v1::FrameworkID result;
  result.set_value(id);
  return result;
}

inline mesos::v1::AgentID agentId(const std::string& id)
{
  mesos::v1::AgentID result;
  result.set_value(id);
  return result;
}

inline mesos::v1::Filters refuse(double seconds)
{
  mesos::v1::Filters filters;
  filters.set_refuse_seconds(seconds);
  return filters;
}

class Cluster {
 public:
  explicit Cluster(module::AllocatorOptions options = {})
      : allocator_(host_, modules::drf::Settings{false, 7})
  {
    Try<Nothing> initialized = allocator_.initialize(
        options,
        [this](const mesos::v1::FrameworkID& id, module::OfferedResources offered) {
          ++callbacks_[id.value()];
          for (auto& [role, agents] : offered) {
            for (auto& [agent, resources] : agents) {
              offers_.push_back({id.value(), role, agent, resources});
            }
          }
        },
        [this](const mesos::v1::FrameworkID& id, module::InverseOffered offered) {
          for (auto& [agent, request] : offered) inverse_.push_back({id.value(), agent});
        });
    REQUIRE_MESSAGE(initialized.has_value(), initialized.error().message);
  }

  modules::drf::HierarchicalAllocator& allocator() { return allocator_; }
  FakeClockHost& host() { return host_; }

  void addAgent(const std::string& id, const std::string& resources,
                const std::map<std::string, Resources>& used = {},
                std::optional<mesos::v1::Unavailability> unavailability = std::nullopt)
  {
    addAgent(id, res(resources), used, unavailability);
  }

  void addAgent(const std::string& id, const Resources& total,
                const std::map<std::string, Resources>& used = {},
                std::optional<mesos::v1::Unavailability> unavailability = std::nullopt)
  {
    mesos::v1::AgentInfo info;
    info.set_hostname(id);
    info.mutable_id()->set_value(id);
    allocator_.addAgent(agentId(id), info, unavailability, total, used);
  }

  static mesos::v1::FrameworkInfo info(const std::string& id, const std::vector<std::string>& roles,
                                       const std::vector<int>& capabilities = {})
  {
    mesos::v1::FrameworkInfo info;
    info.set_user("test");
    info.set_name(id);
    info.mutable_id()->set_value(id);
    auto* multi = info.add_capabilities();
    multi->set_type(mesos::v1::FrameworkInfo::Capability::MULTI_ROLE);
    for (const std::string& role : roles) info.add_roles(role);
    for (int capability : capabilities) {
      info.add_capabilities()->set_type(
          static_cast<mesos::v1::FrameworkInfo::Capability::Type>(capability));
    }
    return info;
  }

  void addFramework(const std::string& id, const std::vector<std::string>& roles,
                    const std::vector<int>& capabilities = {}, bool active = true,
                    const std::set<std::string>& suppressed = {},
                    const std::map<std::string, Resources>& used = {})
  {
    allocator_.addFramework(frameworkId(id), info(id, roles, capabilities), used, active,
                            suppressed);
  }

  // Runs what the allocator posted (rounds after changes) and returns the offers since last time.
  std::vector<OfferRow> take()
  {
    host_.runDue();
    std::vector<OfferRow> result;
    result.swap(offers_);
    return result;
  }

  // One round now.
  std::vector<OfferRow> round()
  {
    host_.runDue();
    allocator_.allocate();
    return take();
  }

  // Moves the fake clock (periodic rounds and filter expiry run) and returns the offers.
  std::vector<OfferRow> advance(std::chrono::milliseconds by)
  {
    host_.advance(by);
    return take();
  }

  void decline(const OfferRow& offer, std::optional<mesos::v1::Filters> filters)
  {
    allocator_.recoverResources(frameworkId(offer.framework), agentId(offer.agent), offer.resources,
                                filters);
  }

  void declineAll(const std::vector<OfferRow>& offers, std::optional<mesos::v1::Filters> filters)
  {
    for (const OfferRow& offer : offers) decline(offer, filters);
  }

  std::vector<std::pair<std::string, std::string>> takeInverse()
  {
    host_.runDue();
    std::vector<std::pair<std::string, std::string>> result;
    result.swap(inverse_);
    return result;
  }

  int callbacks(const std::string& framework) const
  {
    auto found = callbacks_.find(framework);
    return found == callbacks_.end() ? 0 : found->second;
  }

 private:
  FakeClockHost host_;
  modules::drf::HierarchicalAllocator allocator_;
  std::vector<OfferRow> offers_;
  std::vector<std::pair<std::string, std::string>> inverse_;
  std::map<std::string, int> callbacks_;
};

// "framework role agent" per offer, for compact assertions.
inline std::vector<std::string> who(const std::vector<OfferRow>& offers)
{
  std::vector<std::string> result;
  for (const OfferRow& offer : offers) {
    result.push_back(offer.framework + " " + offer.role + " " + offer.agent);
  }
  std::sort(result.begin(), result.end());
  return result;
}

}  // namespace nucleus::testing
