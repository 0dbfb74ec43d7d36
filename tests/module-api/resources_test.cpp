// The Resources algebra: adding, subtracting and containment of scalars, ranges
// and sets; reservations, refinement, allocation info and shared volumes.
#include "nucleus/module/resources.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "resource_builders.hpp"

using namespace nucleus;
using namespace nucleus::testing;

namespace {

struct Case {
  const char* name;
  Resources left;
  Resources right;
  const char* sum;
  const char* difference;
  bool leftContainsRight;
  bool invertible = true;  // (left + right) - right == left; not so for overlapping ranges/sets
};

}  // namespace

TEST_CASE("add, subtract and contains follow Mesos for scalars, ranges and sets")
{
  const std::vector<Case> cases = {
      {"scalars merge", bag({scalar("cpus", 2)}), bag({scalar("cpus", 1.5)}), "cpus(*):3.5",
       "cpus(*):0.5", true},
      {"fixed point", bag({scalar("cpus", 0.1)}), bag({scalar("cpus", 0.2)}), "cpus(*):0.3", "{}",
       false},
      {"subtract below zero empties", bag({scalar("mem", 1)}), bag({scalar("mem", 5)}), "mem(*):6",
       "{}", false},
      {"different names", bag({scalar("cpus", 1)}), bag({scalar("mem", 64)}),
       "cpus(*):1; mem(*):64", "cpus(*):1", false},
      {"adjacent ranges merge", bag({ranges("ports", {{1, 5}})}), bag({ranges("ports", {{6, 10}})}),
       "ports(*):[1-10]", "ports(*):[1-5]", false},
      {"range hole", bag({ranges("ports", {{1, 10}})}), bag({ranges("ports", {{3, 4}})}),
       "ports(*):[1-10]", "ports(*):[1-2, 5-10]", true, false},
      {"range overlap", bag({ranges("ports", {{1, 10}})}), bag({ranges("ports", {{8, 12}})}),
       "ports(*):[1-12]", "ports(*):[1-7]", false, false},
      {"sets union", bag({set("gpus_ids", {"a", "b"})}), bag({set("gpus_ids", {"b", "c"})}),
       "gpus_ids(*):{a, b, c}", "gpus_ids(*):{a}", false, false},
      {"subset", bag({set("s", {"a", "b"})}), bag({set("s", {"a"})}), "s(*):{a, b}", "s(*):{b}",
       true, false},
      {"reserved and unreserved stay apart", bag({scalar("cpus", 2)}),
       bag({reserved(scalar("cpus", 1), "web")}), "cpus(*):2; cpus(web):1", "cpus(*):2", false},
      {"same reservation merges", bag({reserved(scalar("cpus", 2), "web")}),
       bag({reserved(scalar("cpus", 1), "web")}), "cpus(web):3", "cpus(web):1", true},
      {"reservation principals differ",
       bag({reserved(scalar("cpus", 2), "web", ReservationInfo::DYNAMIC, "p1")}),
       bag({reserved(scalar("cpus", 1), "web", ReservationInfo::DYNAMIC, "p2")}),
       "cpus(web):2; cpus(web):1", "cpus(web):2", false},
      {"allocated and unallocated stay apart", bag({allocated(scalar("cpus", 2), "r")}),
       bag({scalar("cpus", 1)}), "cpus(allocated: r)(*):2; cpus(*):1", "cpus(allocated: r)(*):2",
       false},
      {"revocable stays apart", bag({scalar("cpus", 2)}),
       [] {
         Resource r = scalar("cpus", 1);
         r.mutable_revocable();
         return bag({r});
       }(),
       "cpus(*):2; cpus(*){REV}:1", "cpus(*):2", false},
      {"distinct volumes never merge", bag({volume(10, "v1")}), bag({volume(10, "v2")}),
       "disk(*)[v1:path]:10; disk(*)[v2:path]:10", "disk(*)[v1:path]:10", false},
      {"a volume is not a part of a bigger one", bag({volume(20, "v1")}), bag({volume(10, "v1")}),
       "disk(*)[v1:path]:20; disk(*)[v1:path]:10", "disk(*)[v1:path]:20", false},
  };

  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK((c.left + c.right).toString() == c.sum);
    CHECK((c.left - c.right).toString() == c.difference);
    CHECK(c.left.contains(c.right) == c.leftContainsRight);
    CHECK((c.left + c.right).contains(c.left));
    CHECK((c.left + c.right).contains(c.right));
    if (c.invertible) CHECK(((c.left + c.right) - c.right).toString() == c.left.toString());
  }
}

TEST_CASE("invalid and empty resources are ignored when added")
{
  Resources r;
  r += scalar("cpus", -1);
  r += scalar("cpus", 0);
  r += scalar("cpus", 0.0004);  // rounds to 0
  r += ranges("ports", {});
  r += ranges("ports", {{5, 1}});
  CHECK(r.empty());
  CHECK(r.toString() == "{}");
  CHECK_FALSE(bag({scalar("cpus", 2)}).contains(scalar("cpus", -1)));
}

TEST_CASE("totals by name")
{
  Resources r = bag({scalar("cpus", 1), reserved(scalar("cpus", 0.5), "a"), scalar("mem", 64),
                     ranges("ports", {{10, 20}}), reserved(ranges("ports", {{21, 30}}), "a")});
  CHECK(r.cpus() == 1.5);
  CHECK(r.mem() == 64);
  CHECK_FALSE(r.disk().has_value());
  REQUIRE(r.ports().has_value());
  CHECK(r.ports()->range_size() == 1);
  CHECK(r.ports()->range(0).end() == 30);
  CHECK(r.names() == std::vector<std::string>{"cpus", "mem", "ports"});
  CHECK(r.scalars().toString() == "cpus(*):1; cpus(a):0.5; mem(*):64");
  CHECK(r.get("ports").size() == 2);
}

TEST_CASE("equality compares merged multisets, ignoring order and range layout")
{
  CHECK(bag({scalar("cpus", 1), scalar("mem", 2)}) == bag({scalar("mem", 2), scalar("cpus", 1)}));
  CHECK(bag({ranges("ports", {{1, 2}, {3, 4}})}) == bag({ranges("ports", {{1, 4}})}));
  CHECK(bag({scalar("cpus", 1)}) != bag({scalar("cpus", 1.001)}));
  CHECK(bag({scalar("cpus", 1)}) == bag({scalar("cpus", 1.0004)}));
}

TEST_CASE("reservation filters and hierarchical roles")
{
  Resources r = bag({scalar("cpus", 1), reserved(scalar("cpus", 2), "a"),
                     reserved(reserved(scalar("cpus", 4), "a"), "a/b"),
                     reserved(scalar("cpus", 8), "c", ReservationInfo::STATIC)});

  CHECK(r.unreserved().toString() == "cpus(*):1");
  CHECK(r.reserved().cpus() == 14);
  CHECK(r.reserved("a").toString() == "cpus(a):2");
  CHECK(r.reserved("a/b").toString() == "cpus(a/b):4");
  CHECK(r.allocatableTo("a").cpus() == 3);
  CHECK(r.allocatableTo("a/b").cpus() == 7);
  CHECK(r.allocatableTo("a/b/c").cpus() == 7);
  CHECK(r.allocatableTo("ab").cpus() == 1);
  CHECK(r.allocatableTo("c").cpus() == 9);

  const Resource refined = reserved(reserved(scalar("cpus", 4), "a"), "a/b");
  CHECK(Resources::reservationRole(refined) == "a/b");
  CHECK(Resources::hasRefinedReservations(refined));
  CHECK(Resources::isDynamicallyReserved(refined));
  CHECK_FALSE(
      Resources::isDynamicallyReserved(reserved(scalar("cpus", 1), "c", ReservationInfo::STATIC)));
  CHECK(Resources::reservationRole(scalar("cpus", 1)) == "*");
  CHECK(Resources::isSubroleOf("a/b", "a"));
  CHECK(Resources::isSubroleOf("a", "a"));
  CHECK_FALSE(Resources::isSubroleOf("ab", "a"));
}

TEST_CASE("push and pop reservations refine and unrefine")
{
  Resources base = bag({reserved(scalar("cpus", 2), "a")});
  Resources refined = base.pushReservation(reservation("a/b"));
  CHECK(refined.toString() == "cpus(a/b):2");
  CHECK(refined.reserved("a/b").cpus() == 2);

  Try<Resources> popped = refined.popReservation();
  REQUIRE(popped);
  CHECK(*popped == base);

  Try<Resources> unreserved = base.popReservation();
  REQUIRE(unreserved);
  CHECK(unreserved->toString() == "cpus(*):2");

  Try<Resources> fails = unreserved->popReservation();
  REQUIRE_FALSE(fails);
  CHECK(fails.error().message == "Cannot pop a reservation from unreserved resource 'cpus(*):2'");
}

TEST_CASE("allocation info")
{
  Resources r = bag({scalar("cpus", 2), reserved(scalar("mem", 64), "a")});
  r.allocate("a");
  CHECK(r.toString() == "cpus(allocated: a)(*):2; mem(allocated: a)(a):64");
  CHECK(r.allocationRoles() == std::vector<std::string>{"a"});
  CHECK(r.allocatedTo("a").size() == 2);
  CHECK(r.allocatedTo("b").empty());
  CHECK_FALSE(r.contains(bag({scalar("cpus", 1)})));

  Resources other = bag({allocated(scalar("cpus", 1), "b")});
  Resources both = r + other;
  CHECK(both.allocationRoles() == std::vector<std::string>{"a", "b"});
  both.unallocate();
  CHECK(both.toString() == "cpus(*):3; mem(a):64");
}

TEST_CASE("shared volumes are counted")
{
  const Resource shared = volume(10, "v", true);
  Resources r = bag({shared, shared});
  CHECK(r.size() == 1);
  CHECK(r.count(shared) == 2);
  CHECK(r.toString() == "disk(*)[v:path]<SHARED>:10<2>");
  CHECK(r.contains(bag({shared, shared})));
  CHECK_FALSE(r.contains(bag({shared, shared, shared})));
  CHECK(r.shared().size() == 1);
  CHECK(r.nonShared().empty());

  r -= shared;
  CHECK(r.count(shared) == 1);
  r -= shared;
  CHECK(r.empty());
  CHECK(bag({scalar("cpus", 1)}).count(scalar("cpus", 1)) == 1);
  CHECK(bag({scalar("cpus", 1)}).count(scalar("cpus", 2)) == 0);
}

TEST_CASE("pre-refinement resources are upgraded on entry; downgrade reverses it")
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  Resource legacy = scalar("cpus", 1);
  legacy.set_role("web");
  legacy.mutable_reservation()->set_principal("ops");
  Resource legacyStatic = scalar("mem", 8);
  legacyStatic.set_role("web");

  Resources r = bag({legacy, legacyStatic});
  CHECK(r.toString() == "cpus(web):1; mem(web):8");
  CHECK(r.contains(reserved(scalar("cpus", 1), "web", ReservationInfo::DYNAMIC, "ops")));
  CHECK(r.contains(reserved(scalar("mem", 8), "web", ReservationInfo::STATIC)));
  CHECK(r.contains(legacy));

  ResourceList list = r.toProto();
  CHECK(list.Get(0).reservations_size() == 1);
  CHECK_FALSE(list.Get(0).has_role());
  REQUIRE(Resources::downgrade(&list));
  CHECK(list.Get(0).role() == "web");
  CHECK(list.Get(0).reservation().principal() == "ops");
  CHECK(list.Get(0).reservations_size() == 0);
  CHECK(list.Get(1).role() == "web");
  CHECK_FALSE(list.Get(1).has_reservation());

  Resource refined = reserved(reserved(scalar("cpus", 1), "a"), "a/b");
  Try<Nothing> refuse = Resources::downgrade(&refined);
  REQUIRE_FALSE(refuse);
  CHECK(refuse.error().message ==
        "Cannot downgrade resource 'cpus(a/b):1': it has a refined reservation");
#pragma GCC diagnostic pop
}

TEST_CASE("createStrippedScalarQuantity and toUnreserved")
{
  Resources r = bag({allocated(reserved(reserved(scalar("cpus", 1), "a"), "a/b"), "a/b"),
                     allocated(scalar("cpus", 2), "a/b"), volume(10, "v"),
                     allocated(ranges("ports", {{1, 2}}), "a/b")});
  CHECK(r.createStrippedScalarQuantity().toString() == "cpus(a/b):1; cpus(*):2; disk(*):10");
  CHECK(r.createStrippedScalarQuantity().toUnreserved().toString() == "cpus(*):3; disk(*):10");
  CHECK(r.toUnreserved().cpus() == 3);
  CHECK(r.toUnreserved().toString() ==
        "cpus(allocated: a/b)(*):3; disk(*)[v:path]:10; ports(allocated: a/b)(*):[1-2]");
}

TEST_CASE("toProto round trips")
{
  Resources r = bag({scalar("cpus", 1), ranges("ports", {{1, 2}}), set("s", {"x"})});
  CHECK(Resources(r.toProto()) == r);
  ResourceList out;
  *out.Add() = scalar("junk", 1);
  r.copyTo(&out);
  CHECK(out.size() == 3);
}
