// Reservations (static, dynamic, refined) and quota with Mesos 1.5 semantics:
// fine-grained quota allocation, reservations counting towards quota, and the
// unreserved headroom held back for unsatisfied quota.
#include <doctest/doctest.h>

#include "cluster.hpp"

using namespace nucleus;
using namespace nucleus::testing;

namespace {

using Capability = mesos::v1::FrameworkInfo::Capability;

Resources reserve(const Resources& resources, const std::string& role)
{
  mesos::v1::Resource::ReservationInfo reservation;
  reservation.set_type(mesos::v1::Resource::ReservationInfo::DYNAMIC);
  reservation.set_role(role);
  reservation.set_principal("ops");
  return resources.pushReservation(reservation);
}

mesos::v1::quota::QuotaInfo quota(const std::string& role, const std::string& guarantee)
{
  mesos::v1::quota::QuotaInfo info;
  info.set_role(role);
  for (const mesos::v1::Resource& r : res(guarantee)) *info.add_guarantee() = r;
  return info;
}

const OfferRow* find(const std::vector<OfferRow>& offers, const std::string& framework,
                     const std::string& agent)
{
  for (const OfferRow& offer : offers) {
    if (offer.framework == framework && offer.agent == agent) return &offer;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("reserved resources are offered only to their role; unreserved ones to anyone")
{
  Cluster cluster;
  cluster.addFramework("fa", {"a"});
  cluster.addFramework("fr", {"r1"});
  cluster.addAgent("n1", "cpus(r1):2;mem(r1):512;cpus:2;mem:512");
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(who(offers) == std::vector<std::string>{"fa a n1", "fr r1 n1"});
  CHECK(find(offers, "fa", "n1")->resources == allocated(res("cpus:2;mem:512"), "a"));
  CHECK(find(offers, "fr", "n1")->resources == allocated(res("cpus(r1):2;mem(r1):512"), "r1"));
}

TEST_CASE("a role's reservations are offered to its subroles, not to other roles")
{
  Cluster cluster;
  cluster.addFramework("other", {"r2"});
  cluster.addFramework("sub", {"r1/team"});
  cluster.addAgent("n1", "cpus(r1):2;mem(r1):512");
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(who(offers) == std::vector<std::string>{"sub r1/team n1"});
  CHECK(offers[0].resources == allocated(res("cpus(r1):2;mem(r1):512"), "r1/team"));
}

TEST_CASE("refined dynamic reservations go to their role, to frameworks that understand them")
{
  Cluster cluster;
  Resources refined = reserve(reserve(res("cpus:2;mem:512"), "r1"), "r1/team");
  cluster.addFramework("parent", {"r1"});
  cluster.addFramework("old", {"r1/team"});
  cluster.addAgent("n1", refined);
  CHECK(cluster.take().empty());  // "r1" may not use "r1/team"'s; "old" lacks the capability

  cluster.addFramework("modern", {"r1/team"}, {Capability::RESERVATION_REFINEMENT});
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(who(offers) == std::vector<std::string>{"modern r1/team n1"});
  CHECK(offers[0].resources == allocated(refined, "r1/team"));
}

TEST_CASE("a quota role is allocated fine-grained up to its guarantee, the rest is shared")
{
  Cluster cluster;
  cluster.allocator().setQuota("q", quota("q", "cpus:2;mem:1024"));
  cluster.addFramework("fq", {"q"});
  cluster.addFramework("fo", {"o"});
  cluster.addAgent("a1", "cpus:4;mem:4096");
  cluster.addAgent("a2", "cpus:4;mem:4096");
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(who(offers) == std::vector<std::string>{"fo o a1", "fo o a2", "fq q a1"});
  CHECK(find(offers, "fq", "a1")->resources == allocated(res("cpus:2;mem:1024"), "q"));
  CHECK(find(offers, "fo", "a1")->resources == allocated(res("cpus:2;mem:3072"), "o"));
  CHECK(find(offers, "fo", "a2")->resources == allocated(res("cpus:4;mem:4096"), "o"));
}

TEST_CASE("unsatisfied quota holds back unreserved headroom from other roles")
{
  Cluster cluster;
  cluster.allocator().setQuota("q", quota("q", "cpus:4;mem:1024"));
  cluster.addFramework("fq", {"q"}, {}, true, /*suppressed=*/{"q"});
  cluster.addFramework("fo", {"o"});
  cluster.addAgent("a1", "cpus:4;mem:4096");
  cluster.addAgent("a2", "cpus:4;mem:4096");
  // Giving a2 to "o" would leave nothing for q's cpus:4;mem:1024.
  CHECK(who(cluster.take()) == std::vector<std::string>{"fo o a1"});

  cluster.allocator().reviveOffers(frameworkId("fq"), {});
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(who(offers) == std::vector<std::string>{"fo o a2", "fq q a2"});
  CHECK(find(offers, "fq", "a2")->resources == allocated(res("cpus:4;mem:1024"), "q"));
  CHECK(find(offers, "fo", "a2")->resources == allocated(res("mem:3072"), "o"));
}

TEST_CASE("reservations count towards a role's quota")
{
  Cluster cluster;
  cluster.allocator().setQuota("q", quota("q", "cpus:2;mem:1024"));
  cluster.addFramework("fq", {"q"});
  cluster.addFramework("fo", {"o"});
  cluster.addAgent("a1", "cpus(q):2;mem(q):1024");
  cluster.addAgent("a2", "cpus:4;mem:4096");
  std::vector<OfferRow> offers = cluster.take();
  // q's reservations satisfy its quota: it gets no unreserved resources.
  REQUIRE(who(offers) == std::vector<std::string>{"fo o a2", "fq q a1"});
  CHECK(find(offers, "fq", "a1")->resources == allocated(res("cpus(q):2;mem(q):1024"), "q"));
}

TEST_CASE("roles without quota still get their reservations while headroom is held back")
{
  Cluster cluster;
  cluster.allocator().setQuota("q", quota("q", "cpus:4;mem:1024"));
  cluster.addFramework("fq", {"q"}, {}, true, /*suppressed=*/{"q"});
  cluster.addFramework("fr", {"r"});
  cluster.addAgent("a1", "cpus(r):1;mem(r):256;cpus:4;mem:1024");
  std::vector<OfferRow> offers = cluster.take();
  REQUIRE(who(offers) == std::vector<std::string>{"fr r a1"});
  CHECK(offers[0].resources == allocated(res("cpus(r):1;mem(r):256"), "r"));

  // Without the quota, "r" gets the whole agent.
  cluster.declineAll(offers, std::nullopt);
  cluster.allocator().removeQuota("q");
  offers = cluster.round();
  REQUIRE(who(offers) == std::vector<std::string>{"fr r a1"});
  CHECK(offers[0].resources == allocated(res("cpus(r):1;mem(r):256;cpus:4;mem:1024"), "r"));
}
