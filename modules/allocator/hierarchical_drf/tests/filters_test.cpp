// Offer filters from recoverResources (refuse_seconds), their expiry with the
// periodic rounds, and SUPPRESS / REVIVE.
#include <doctest/doctest.h>

#include "cluster.hpp"

using namespace nucleus;
using namespace nucleus::testing;
using std::chrono::milliseconds;

namespace {
const char* kAgent = "cpus:4;mem:1024";
}

TEST_CASE("declined resources come back in the next round when no filter is given")
{
  Cluster cluster;
  cluster.addFramework("f", {"r"});
  cluster.addAgent("a1", kAgent);
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(offers.size() == 1);
  CHECK(cluster.round().empty());  // all of a1 is offered out

  cluster.declineAll(offers, std::nullopt);
  CHECK(who(cluster.round()) == std::vector<std::string>{"f r a1"});
}

TEST_CASE("recovered resources become available to other frameworks")
{
  Cluster cluster;
  cluster.addFramework("f1", {"r1"});
  cluster.addAgent("a1", kAgent);
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(offers.size() == 1);
  cluster.addFramework("f2", {"r2"});
  CHECK(cluster.take().empty());

  // f1 launches on half and gives back the other half with a filter.
  cluster.allocator().recoverResources(frameworkId("f1"), agentId("a1"),
                                       allocated(res("cpus:2;mem:512"), "r1"), refuse(60));
  std::vector<OfferRow> next = cluster.round();
  REQUIRE(who(next) == std::vector<std::string>{"f2 r2 a1"});
  CHECK(next[0].resources == allocated(res("cpus:2;mem:512"), "r2"));
}

TEST_CASE("a filter keeps refused resources from the framework until it expires")
{
  Cluster cluster;  // allocation interval 1s
  cluster.addFramework("f", {"r"});
  cluster.addAgent("a1", kAgent);
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(offers.size() == 1);
  cluster.declineAll(offers, refuse(10));

  CHECK(cluster.advance(milliseconds(9000)).empty());  // nine periodic rounds, all filtered
  CHECK(cluster.allocator().stats().offerFilters == std::map<std::string, double>{{"r", 1}});
  std::vector<OfferRow> later = cluster.advance(milliseconds(1000));
  CHECK(who(later) == std::vector<std::string>{"f r a1"});
  CHECK(cluster.allocator().stats().offerFilters.empty());
}

TEST_CASE("refuse_seconds: unset is 5 seconds, 0 installs no filter")
{
  SUBCASE("unset")
  {
    Cluster cluster;
    cluster.addFramework("f", {"r"});
    cluster.addAgent("a1", kAgent);
    cluster.declineAll(cluster.take(), mesos::v1::Filters());
    CHECK(cluster.advance(milliseconds(4500)).empty());
    CHECK(cluster.advance(milliseconds(1000)).size() == 1);
  }
  SUBCASE("zero")
  {
    Cluster cluster;
    cluster.addFramework("f", {"r"});
    cluster.addAgent("a1", kAgent);
    cluster.declineAll(cluster.take(), refuse(0));
    CHECK(cluster.round().size() == 1);
  }
}

TEST_CASE("a filter covers only what was refused: more resources are offered again")
{
  Cluster cluster;
  cluster.addFramework("f", {"r"});
  cluster.addAgent("a1", kAgent);
  cluster.declineAll(cluster.take(), refuse(3600));
  CHECK(cluster.round().empty());

  mesos::v1::AgentInfo info;
  info.set_hostname("a1");
  cluster.allocator().updateAgent(agentId("a1"), info, res("cpus:8;mem:2048"));
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(offers.size() == 1);
  CHECK(offers[0].resources == allocated(res("cpus:8;mem:2048"), "r"));
}

TEST_CASE("a filter is per framework and role: others are still offered the agent")
{
  Cluster cluster;
  cluster.addFramework("f1", {"r1"});
  cluster.addAgent("a1", kAgent);
  cluster.declineAll(cluster.take(), refuse(3600));
  cluster.addFramework("f2", {"r2"});
  CHECK(who(cluster.take()) == std::vector<std::string>{"f2 r2 a1"});
}

TEST_CASE("revive clears filters and offers at once")
{
  Cluster cluster;
  cluster.addFramework("f", {"r"});
  cluster.addAgent("a1", kAgent);
  cluster.declineAll(cluster.take(), refuse(3600));
  CHECK(cluster.round().empty());
  cluster.allocator().reviveOffers(frameworkId("f"), {});
  CHECK(who(cluster.take()) == std::vector<std::string>{"f r a1"});
}

TEST_CASE("suppress stops offers for the given roles until revive")
{
  Cluster cluster;
  cluster.addFramework("f", {"r1", "r2"});
  cluster.allocator().suppressOffers(frameworkId("f"), {});
  cluster.addAgent("a1", kAgent);
  cluster.addAgent("a2", kAgent);
  CHECK(cluster.take().empty());

  cluster.allocator().reviveOffers(frameworkId("f"), {"r2"});
  std::vector<OfferRow> offers = cluster.take();
  CHECK(who(offers) == std::vector<std::string>{"f r2 a1", "f r2 a2"});

  cluster.declineAll(offers, std::nullopt);
  cluster.allocator().suppressOffers(frameworkId("f"), {"r2"});
  CHECK(cluster.round().empty());
  cluster.allocator().reviveOffers(frameworkId("f"), {});
  CHECK(who(cluster.take()) == std::vector<std::string>{"f r1 a1", "f r2 a2"});
}

TEST_CASE("a deactivated framework loses its filters")
{
  Cluster cluster;
  cluster.addFramework("f", {"r"});
  cluster.addAgent("a1", kAgent);
  cluster.declineAll(cluster.take(), refuse(3600));
  cluster.allocator().deactivateFramework(frameworkId("f"));
  cluster.allocator().activateFramework(frameworkId("f"));
  CHECK(who(cluster.take()) == std::vector<std::string>{"f r a1"});
}
