// Allocation round latency of the hierarchical DRF allocator on Mesos 1.5's
// DeclineOffers benchmark shape (src/tests/hierarchical_allocator_tests.cpp):
// agents "cpus:24;mem:4096;disk:4096;ports:[31000-32000]", each with part of
// it (cpus:16;mem:2014;disk:1024 and 16 ports) used by one framework, round
// robin; every framework in its own role; every offer declined with a long
// filter (refuse_seconds: 365 days).
//
// For each cluster size it prints, one figure per line:
//   first        the first round: every agent is offered to someone
//   after-decline the round after all of those were declined: each agent's
//                first taker is filtered, and the agent goes to the next one
//   all-filtered the first round in which everything is filtered: nothing is
//                offered, every filter is checked against the agents' new state
//   steady       the round after it: nothing changed, nothing is offered.
//                Getting there takes frameworks x agents filters (one decline
//                per pair, frameworks rounds), so it is built for real only
//                while that fits the time budget; for larger clusters the line
//                says so instead of printing a number.
//
// Rounds are driven with allocate(); the host drops the allocator's own
// periodic and posted work, so only the measured rounds run.
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hierarchical_allocator.hpp"
#include "kernel/proto/resources_text.hpp"
#include "nucleus/module/fingerprint.hpp"

using namespace nucleus;
using Clock = std::chrono::steady_clock;

namespace {

class BenchHost final : public module::Host {
 public:
  void log(Level, std::string_view) noexcept override {}
  void post(std::function<void()>) noexcept override {}
  void delay(std::chrono::milliseconds, std::function<void()>) noexcept override {}
  void blocking(std::function<void()> work) noexcept override { work(); }
  std::string_view nucleusVersion() const noexcept override { return module::kSdkVersion; }
};

Resources parse(const std::string& text)
{
  auto parsed = proto::parseResources(text);
  if (!parsed) {
    std::fprintf(stderr, "bad resources %s: %s\n", text.c_str(), parsed.error().message.c_str());
    std::exit(1);
  }
  return Resources(*parsed);
}

struct Offer {
  mesos::v1::FrameworkID framework;
  mesos::v1::AgentID agent;
  Resources resources;
};

double millis(Clock::duration d)
{
  return std::chrono::duration<double, std::milli>(d).count();
}

void run(std::size_t agentCount, std::size_t frameworkCount, double steadyBudgetSeconds)
{
  BenchHost host;
  modules::drf::Settings settings;
  settings.shuffleAgents = true;  // as Mesos
  settings.seed = 42;
  modules::drf::HierarchicalAllocator allocator(host, settings);

  std::vector<Offer> offers;
  Try<Nothing> initialized =
      allocator.initialize({},
                           [&](const mesos::v1::FrameworkID& id, module::OfferedResources offered) {
                             for (auto& [role, agents] : offered) {
                               for (auto& [agent, resources] : agents) {
                                 Offer offer{id, {}, std::move(resources)};
                                 offer.agent.set_value(agent);
                                 offers.push_back(std::move(offer));
                               }
                             }
                           },
                           {});
  if (!initialized) std::exit(1);

  std::vector<mesos::v1::FrameworkID> frameworks(frameworkCount);
  for (std::size_t i = 0; i < frameworkCount; ++i) {
    frameworks[i].set_value("framework-" + std::to_string(i));
    mesos::v1::FrameworkInfo info;
    info.set_name(frameworks[i].value());
    info.add_capabilities()->set_type(mesos::v1::FrameworkInfo::Capability::MULTI_ROLE);
    info.add_roles("role-" + std::to_string(i));
    allocator.addFramework(frameworks[i], info, {}, true, {});
  }

  const Resources total = parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]");
  std::string ports;
  for (int i = 0; i < 16; ++i) {
    ports +=
        (i ? "," : "") + std::to_string(31000 + i * 60) + "-" + std::to_string(31000 + i * 60 + 1);
  }
  const Resources used = parse("cpus:16;mem:2014;disk:1024;ports:[" + ports + "]");
  for (std::size_t i = 0; i < agentCount; ++i) {
    mesos::v1::AgentID id;
    id.set_value("agent-" + std::to_string(i));
    mesos::v1::AgentInfo info;
    info.set_hostname(id.value());
    std::size_t holder = i % frameworkCount;
    Resources held = used;
    held.allocate("role-" + std::to_string(holder));
    allocator.addAgent(id, info, std::nullopt, total, {{frameworks[holder].value(), held}});
  }

  mesos::v1::Filters longFilter;
  longFilter.set_refuse_seconds(365.0 * 24 * 3600);
  std::size_t filters = 0;
  auto round = [&]() {
    offers.clear();
    Clock::time_point start = Clock::now();
    allocator.allocate();
    return millis(Clock::now() - start);
  };
  auto declineAll = [&]() {
    for (const Offer& offer : offers) {
      allocator.recoverResources(offer.framework, offer.agent, offer.resources, longFilter);
    }
    filters += offers.size();
  };
  auto print = [&](const char* what, double ms) {
    std::printf(
        "allocation round, %6zu agents, %5zu frameworks, %-13s %10.2f ms  (%zu offers, "
        "%zu filters)\n",
        agentCount, frameworkCount, what, ms, offers.size(), filters);
    std::fflush(stdout);
  };

  print("first:", round());
  declineAll();
  print("after-decline:", round());

  // Everything filtered: every framework must have refused every agent.
  Clock::time_point budgetStart = Clock::now();
  bool reached = false;
  double last = 0;
  // Beyond a million (framework, agent) pairs it cannot fit the budget: do not try.
  bool feasible = agentCount * frameworkCount <= 1'000'000;
  while (feasible &&
         std::chrono::duration<double>(Clock::now() - budgetStart).count() < steadyBudgetSeconds) {
    declineAll();
    last = round();
    if (offers.empty()) {
      reached = true;
      break;
    }
  }
  if (reached) {
    // The first all-filtered round still checks each filter against the
    // agents' new state; the next one finds nothing changed.
    print("all-filtered:", last);
    print("steady:", round());
  } else {
    std::printf(
        "allocation round, %6zu agents, %5zu frameworks, %-13s not measured: it needs "
        "%zu filters (frameworks x agents), one decline each, over %zu rounds\n",
        agentCount, frameworkCount, "steady:", agentCount * frameworkCount, frameworkCount);
  }
}

}  // namespace

int main(int argc, char** argv)
{
  if (argc == 3) {  // one size: bench_allocation AGENTS FRAMEWORKS
    run(std::stoul(argv[1]), std::stoul(argv[2]), 20);
    return 0;
  }
  run(1000, 100, 20);
  run(10000, 1000, 10);
  run(20000, 2000, 10);
  return 0;
}
