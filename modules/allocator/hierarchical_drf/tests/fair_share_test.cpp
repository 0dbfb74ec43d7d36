// Fair sharing across roles and frameworks: DRF order, weights, hierarchical
// roles, multi-role frameworks, inactive frameworks, deactivated agents and
// the minimum allocatable resources.
#include <doctest/doctest.h>

#include "cluster.hpp"

using namespace nucleus;
using namespace nucleus::testing;

namespace {
const char* kAgent = "cpus:4;mem:1024";

std::vector<std::string> agentsOf(const std::vector<OfferRow>& offers, const std::string& role)
{
  std::vector<std::string> result;
  for (const OfferRow& offer : offers) {
    if (offer.role == role) result.push_back(offer.agent);
  }
  std::sort(result.begin(), result.end());
  return result;
}
}  // namespace

TEST_CASE("each agent goes whole to the role with the lowest dominant share")
{
  Cluster cluster;
  cluster.addFramework("f1", {"r1"});
  cluster.addFramework("f2", {"r2"});
  for (const char* id : {"a1", "a2", "a3", "a4"}) cluster.addAgent(id, kAgent);

  std::vector<OfferRow> offers = cluster.take();
  // a1: tie at 0, r1 by name; a2: r2 (r1 has 0.25); a3: tie at 0.25 and one
  // allocation each, r1 by name; a4: r2.
  CHECK(who(offers) == std::vector<std::string>{"f1 r1 a1", "f1 r1 a3", "f2 r2 a2", "f2 r2 a4"});
  for (const OfferRow& offer : offers) {
    CHECK(offer.resources == allocated(res(kAgent), offer.role));
  }
  CHECK(cluster.callbacks("f1") == 1);  // one callback per framework per round
  CHECK(cluster.callbacks("f2") == 1);
}

TEST_CASE("frameworks within a role are ordered by DRF too")
{
  Cluster cluster;
  cluster.addFramework("big", {"r"}, {}, true, {}, {});
  cluster.addFramework("small", {"r"});
  cluster.addAgent("a0", "cpus:8;mem:2048", {{"big", allocated(res("cpus:4;mem:512"), "r")}});
  cluster.take();  // a0's remainder goes to "small", the lower share in r
  cluster.addAgent("a1", kAgent);
  std::vector<OfferRow> offers = cluster.take();
  // small holds cpus:4;mem:1536 of role r's cpus:8;mem:2048 (0.75), big 0.5.
  CHECK(who(offers) == std::vector<std::string>{"big r a1"});
}

TEST_CASE("weights give a role a larger fair share")
{
  SUBCASE("equal weights split evenly")
  {
    Cluster cluster;
    cluster.addFramework("f1", {"r1"});
    cluster.addFramework("f2", {"r2"});
    for (const char* id : {"a1", "a2", "a3", "a4"}) cluster.addAgent(id, kAgent);
    std::vector<OfferRow> offers = cluster.take();
    CHECK(agentsOf(offers, "r1").size() == 2);
    CHECK(agentsOf(offers, "r2").size() == 2);
  }
  SUBCASE("weight 3 from the options")
  {
    module::AllocatorOptions options;
    options.weights = {{"r1", 3.0}};
    Cluster cluster(options);
    cluster.addFramework("f1", {"r1"});
    cluster.addFramework("f2", {"r2"});
    for (const char* id : {"a1", "a2", "a3", "a4"}) cluster.addAgent(id, kAgent);
    std::vector<OfferRow> offers = cluster.take();
    CHECK(agentsOf(offers, "r1") == std::vector<std::string>{"a1", "a3", "a4"});
    CHECK(agentsOf(offers, "r2") == std::vector<std::string>{"a2"});
  }
  SUBCASE("weight 3 from updateWeights")
  {
    Cluster cluster;
    mesos::v1::WeightInfo weight;
    weight.set_role("r2");
    weight.set_weight(3.0);
    cluster.allocator().updateWeights({weight});
    cluster.addFramework("f1", {"r1"});
    cluster.addFramework("f2", {"r2"});
    for (const char* id : {"a1", "a2", "a3", "a4"}) cluster.addAgent(id, kAgent);
    std::vector<OfferRow> offers = cluster.take();
    CHECK(agentsOf(offers, "r1") == std::vector<std::string>{"a1"});
    CHECK(agentsOf(offers, "r2") == std::vector<std::string>{"a2", "a3", "a4"});
  }
}

TEST_CASE("hierarchical roles share their parent's fair share")
{
  Cluster cluster;
  cluster.addFramework("fx", {"a/x"});
  cluster.addFramework("fy", {"a/y"});
  cluster.addFramework("fb", {"b"});
  for (const char* id : {"n1", "n2", "n3", "n4"}) cluster.addAgent(id, kAgent);
  std::vector<OfferRow> offers = cluster.take();
  // "a" competes with "b" as one: b gets half the cluster.
  CHECK(agentsOf(offers, "b") == std::vector<std::string>{"n2", "n4"});
  CHECK(agentsOf(offers, "a/x") == std::vector<std::string>{"n1"});
  CHECK(agentsOf(offers, "a/y") == std::vector<std::string>{"n3"});
}

TEST_CASE("a multi-role framework gets one callback with offers for each of its roles")
{
  Cluster cluster;
  cluster.addFramework("multi", {"r1", "r2"});
  cluster.addAgent("a1", kAgent);
  cluster.addAgent("a2", kAgent);
  std::vector<OfferRow> offers = cluster.take();
  CHECK(who(offers) == std::vector<std::string>{"multi r1 a1", "multi r2 a2"});
  CHECK(cluster.callbacks("multi") == 1);
  for (const OfferRow& offer : offers) {
    CHECK(offer.resources.allocationRoles() == std::vector<std::string>{offer.role});
  }
}

TEST_CASE("inactive frameworks and deactivated agents get nothing")
{
  Cluster cluster;
  cluster.addFramework("sleepy", {"r"}, {}, /*active=*/false);
  cluster.addAgent("a1", kAgent);
  CHECK(cluster.take().empty());

  cluster.allocator().activateFramework(frameworkId("sleepy"));
  std::vector<OfferRow> offers = cluster.take();
  CHECK(who(offers) == std::vector<std::string>{"sleepy r a1"});
  cluster.declineAll(offers, std::nullopt);

  cluster.allocator().deactivateAgent(agentId("a1"));
  CHECK(cluster.round().empty());
  cluster.allocator().activateAgent(agentId("a1"));
  CHECK(who(cluster.round()) == std::vector<std::string>{"sleepy r a1"});

  cluster.addAgent("a2", kAgent);
  cluster.allocator().deactivateFramework(frameworkId("sleepy"));
  CHECK(cluster.round().empty());
}

TEST_CASE("agents with less than the minimum allocatable resources are not offered")
{
  SUBCASE("Mesos' default: cpus 0.01 or mem 32")
  {
    Cluster cluster;
    cluster.addFramework("f", {"r"});
    cluster.addAgent("tiny", "cpus:0.005;mem:16;disk:1000");
    cluster.addAgent("memory-only", "mem:64");
    CHECK(who(cluster.take()) == std::vector<std::string>{"f r memory-only"});
  }
  SUBCASE("from the options")
  {
    module::AllocatorOptions options;
    ResourceQuantities minimum;
    minimum.set("cpus", 1);
    minimum.set("mem", 256);
    options.minAllocatableResources = {minimum};
    Cluster cluster(options);
    cluster.addFramework("f", {"r"});
    cluster.addAgent("small", "cpus:2;mem:128");
    cluster.addAgent("big", "cpus:2;mem:512");
    CHECK(who(cluster.take()) == std::vector<std::string>{"f r big"});
  }
}

TEST_CASE("frameworks without GPU_RESOURCES are not offered agents with GPUs")
{
  Cluster cluster;
  cluster.addFramework("plain", {"r"});
  cluster.addAgent("gpu-box", "cpus:4;mem:1024;gpus:1");
  CHECK(cluster.take().empty());
  cluster.addFramework("ml", {"r"}, {mesos::v1::FrameworkInfo::Capability::GPU_RESOURCES});
  CHECK(who(cluster.take()) == std::vector<std::string>{"ml r gpu-box"});
}
