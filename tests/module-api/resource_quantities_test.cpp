// ResourceQuantities: scalar amounts by name for quota and DRF.
#include "nucleus/module/resource_quantities.hpp"

#include <doctest/doctest.h>

#include "resource_builders.hpp"

using namespace nucleus;
using namespace nucleus::testing;

namespace {

ResourceQuantities q(std::initializer_list<std::pair<const char*, double>> list)
{
  ResourceQuantities result;
  for (const auto& [name, amount] : list) result.set(name, amount);
  return result;
}

}  // namespace

TEST_CASE("fromScalars sums scalars by name, ignoring reservations, ranges and sets")
{
  Resources r =
      bag({scalar("cpus", 1), reserved(scalar("cpus", 0.5), "a"), allocated(scalar("mem", 64), "a"),
           ranges("ports", {{1, 100}}), set("s", {"x"})});
  ResourceQuantities quantities = ResourceQuantities::fromScalars(r);
  CHECK(quantities.toString() == "cpus:1.5; mem:64");
  CHECK(quantities.get("cpus") == 1.5);
  CHECK(quantities.get("ports") == 0);
}

TEST_CASE("quantity arithmetic")
{
  struct Case {
    const char* name;
    ResourceQuantities left;
    ResourceQuantities right;
    const char* sum;
    const char* difference;
    const char* min;
    bool contains;
  };
  const std::vector<Case> cases = {
      {"same names", q({{"cpus", 2}, {"mem", 10}}), q({{"cpus", 1}, {"mem", 10}}), "cpus:3; mem:20",
       "cpus:1", "cpus:1; mem:10", true},
      {"fixed point", q({{"cpus", 0.1}}), q({{"cpus", 0.2}}), "cpus:0.3", "{}", "cpus:0.1", false},
      {"disjoint", q({{"cpus", 1}}), q({{"gpus", 1}}), "cpus:1; gpus:1", "cpus:1", "{}", false},
      {"empty right", q({{"cpus", 1}}), q({}), "cpus:1", "cpus:1", "{}", true},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK((c.left + c.right).toString() == c.sum);
    CHECK((c.left - c.right).toString() == c.difference);
    CHECK(c.left.min(c.right).toString() == c.min);
    CHECK(c.left.contains(c.right) == c.contains);
  }
}

TEST_CASE("set keeps names sorted and drops zero")
{
  ResourceQuantities quantities = q({{"mem", 1}, {"cpus", 2}, {"disk", 3}});
  REQUIRE(quantities.amounts().size() == 3);
  CHECK(quantities.amounts()[0].first == "cpus");
  CHECK(quantities.amounts()[2].first == "mem");
  quantities.set("disk", 0);
  CHECK(quantities == q({{"cpus", 2}, {"mem", 1}}));
  quantities.set("cpus", 0.0001);
  CHECK(quantities.toString() == "mem:1");
}
