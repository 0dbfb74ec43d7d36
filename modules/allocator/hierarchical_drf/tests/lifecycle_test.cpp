// Changes over time: RESERVE through updateAllocation and updateAvailable,
// removing agents and frameworks, periodic rounds and stats, pause / resume,
// and maintenance (inverse offers).
#include <doctest/doctest.h>

#include "cluster.hpp"

using namespace nucleus;
using namespace nucleus::testing;
using std::chrono::milliseconds;

namespace {

const char* kAgent = "cpus:4;mem:1024";

Resources reserve(const Resources& resources, const std::string& role)
{
  mesos::v1::Resource::ReservationInfo reservation;
  reservation.set_type(mesos::v1::Resource::ReservationInfo::DYNAMIC);
  reservation.set_role(role);
  reservation.set_principal("ops");
  return resources.pushReservation(reservation);
}

}  // namespace

TEST_CASE("updateAllocation with RESERVE turns offered resources into a reservation")
{
  Cluster cluster;
  cluster.addFramework("f1", {"r1"});
  cluster.addAgent("a1", kAgent);
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(offers.size() == 1);

  // f1 reserves cpus:1;mem:256 of its offer, then declines everything.
  Resources reserved = allocated(reserve(res("cpus:1;mem:256"), "r1"), "r1");
  Resources converted = allocated(res("cpus:3;mem:768"), "r1") + reserved;
  cluster.allocator().updateAllocation(frameworkId("f1"), agentId("a1"), offers[0].resources,
                                       converted);
  cluster.decline({"f1", "r1", "a1", converted}, std::nullopt);

  // Another role now sees only the unreserved part; r1 gets the reservation.
  cluster.addFramework("f0", {"r0"});
  std::vector<OfferRow> next = cluster.take();
  REQUIRE(who(next) == std::vector<std::string>{"f0 r0 a1", "f1 r1 a1"});
  for (const OfferRow& offer : next) {
    if (offer.framework == "f0") CHECK(offer.resources == allocated(res("cpus:3;mem:768"), "r0"));
    if (offer.framework == "f1") CHECK(offer.resources == reserved);
  }
}

TEST_CASE("updateAvailable reserves unused resources, and refuses what is not unused")
{
  Cluster cluster;
  cluster.addAgent("a1", kAgent);
  Resources from = res("cpus:2;mem:512");
  Try<Nothing> done = cluster.allocator().updateAvailable(agentId("a1"), from, reserve(from, "r1"));
  REQUIRE(done.has_value());
  cluster.addFramework("f", {"r1"});
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(offers.size() == 1);
  CHECK(offers[0].resources ==
        allocated(res("cpus:2;mem:512") + reserve(res("cpus:2;mem:512"), "r1"), "r1"));

  Try<Nothing> refused = cluster.allocator().updateAvailable(agentId("a1"), res("cpus:1"),
                                                             reserve(res("cpus:1"), "r1"));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("Failed to update available resources on agent a1") == 0);
  CHECK_FALSE(cluster.allocator().updateAvailable(agentId("nope"), from, from).has_value());
}

TEST_CASE("removing a framework returns its resources to the others")
{
  Cluster cluster;
  cluster.addFramework("f1", {"r1"});
  cluster.addAgent("a1", kAgent);
  REQUIRE(cluster.take().size() == 1);
  cluster.addFramework("f2", {"r2"});
  CHECK(cluster.take().empty());
  cluster.allocator().removeFramework(frameworkId("f1"));
  CHECK(who(cluster.round()) == std::vector<std::string>{"f2 r2 a1"});
  CHECK(cluster.allocator().stats().roleShares.count("r1") == 0);
}

TEST_CASE("a removed agent is offered no more and its late recoveries are ignored")
{
  Cluster cluster;
  cluster.addFramework("f", {"r"});
  cluster.addAgent("a1", kAgent);
  cluster.addAgent("a2", kAgent);
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(offers.size() == 2);
  CHECK(cluster.allocator().stats().roleShares.at("r") == doctest::Approx(1.0));

  cluster.allocator().removeAgent(agentId("a1"));
  CHECK(cluster.allocator().stats().roleShares.at("r") == doctest::Approx(1.0));  // a2 of a2
  cluster.declineAll(offers, std::nullopt);  // a1's part is ignored
  CHECK(who(cluster.round()) == std::vector<std::string>{"f r a2"});
}

TEST_CASE("frameworks and agents added with resources in use are accounted for")
{
  Cluster cluster;
  cluster.addFramework("busy", {"r1"});
  cluster.addFramework("idle", {"r2"});
  cluster.addAgent("a1", "cpus:4;mem:1024", {{"busy", allocated(res("cpus:3;mem:768"), "r1")}});
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(who(offers) == std::vector<std::string>{"idle r2 a1"});
  CHECK(offers[0].resources == allocated(res("cpus:1;mem:256"), "r2"));
  CHECK(cluster.allocator().stats().roleShares.at("r1") == doctest::Approx(0.75));
}

TEST_CASE("rounds run every allocation interval and are counted")
{
  module::AllocatorOptions options;
  options.allocationInterval = milliseconds(250);
  Cluster cluster(options);
  cluster.addAgent("a1", kAgent);
  cluster.take();
  std::uint64_t before = cluster.allocator().stats().allocationRuns;
  cluster.advance(milliseconds(1000));
  module::AllocatorStats stats = cluster.allocator().stats();
  CHECK(stats.allocationRuns == before + 4);
  CHECK(stats.lastAllocationRunSeconds >= 0);

  cluster.allocator().pause();
  cluster.advance(milliseconds(1000));
  cluster.allocator().allocate();
  CHECK(cluster.allocator().stats().allocationRuns == before + 4);
  cluster.allocator().resume();
  cluster.advance(milliseconds(250));
  CHECK(cluster.allocator().stats().allocationRuns == before + 5);
}

TEST_CASE("initialize refuses a bad interval and bad weights")
{
  FakeClockHost host;
  modules::drf::HierarchicalAllocator allocator(host, {});
  module::AllocatorOptions options;
  options.allocationInterval = milliseconds(0);
  Try<Nothing> result = allocator.initialize(options, {}, {});
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message == "the allocation interval must be positive, not 0ms");

  options.allocationInterval = milliseconds(1000);
  options.weights = {{"r", -1}};
  result = allocator.initialize(options, {}, {});
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message == "the weight of role 'r' must be positive, not -1.000000");
}

TEST_CASE("frameworks holding resources on an agent under maintenance get one inverse offer")
{
  Cluster cluster;
  cluster.addFramework("f", {"r"});
  cluster.addAgent("a1", kAgent);
  REQUIRE(cluster.take().size() == 1);

  mesos::v1::Unavailability unavailability;
  unavailability.mutable_start()->set_nanoseconds(1'000'000'000);
  cluster.allocator().updateUnavailability(agentId("a1"), unavailability);
  using Pair = std::pair<std::string, std::string>;
  CHECK(cluster.takeInverse() == std::vector<Pair>{{"f", "a1"}});
  cluster.allocator().allocate();
  CHECK(cluster.takeInverse().empty());  // still outstanding

  // Declined with a filter: none until it expires.
  cluster.allocator().updateInverseOffer(agentId("a1"), frameworkId("f"), false, refuse(2));
  cluster.allocator().allocate();
  CHECK(cluster.takeInverse().empty());
  cluster.host().advance(milliseconds(3000));
  CHECK(cluster.takeInverse() == std::vector<Pair>{{"f", "a1"}});
}
