// DrfSorter alone: DRF order, tie breaking, weights, hierarchy, exclusions.
#include <doctest/doctest.h>

#include <ostream>
#include <string>
#include <vector>

#include "drf_sorter.hpp"
#include "quantities.hpp"

using namespace nucleus;
using namespace nucleus::modules::drf;

namespace std {
// Lets doctest print the orders it compares.
inline ostream& operator<<(ostream& out, const vector<string>& values)
{
  out << "{";
  for (const string& value : values) out << " " << value;
  return out << " }";
}
}  // namespace std

namespace {

struct SorterFixture {
  NameTable names;
  std::vector<char> excluded;
  DrfSorter sorter{&excluded};
  std::vector<std::string> clients;

  Quantities q(double cpus, double mem)
  {
    Quantities result;
    result.setMilli(names.index("cpus"), toMilli(cpus));
    result.setMilli(names.index("mem"), toMilli(mem));
    return result;
  }

  void add(const std::string& path)
  {
    sorter.add(path, static_cast<int>(clients.size()));
    sorter.activate(path);
    clients.push_back(path);
  }

  std::vector<std::string> order()
  {
    std::vector<std::string> result;
    for (int tag : sorter.sort()) result.push_back(clients[tag]);
    return result;
  }
};

}  // namespace

TEST_CASE("the sorter orders clients by dominant share, then allocations, then name")
{
  SorterFixture f;
  f.sorter.addTotal(f.q(10, 100));
  f.add("b");
  f.add("a");
  f.add("c");
  CHECK(f.order() == std::vector<std::string>{"a", "b", "c"});

  f.sorter.allocated("a", f.q(1, 50));  // dominant: mem 0.5
  f.sorter.allocated("b", f.q(3, 10));  // dominant: cpus 0.3
  CHECK(f.order() == std::vector<std::string>{"c", "b", "a"});
  CHECK(f.sorter.share("a") == doctest::Approx(0.5));

  f.sorter.unallocated("a", f.q(1, 50));
  // a and c both 0; a was allocated to once, so c comes first.
  CHECK(f.order() == std::vector<std::string>{"c", "a", "b"});

  f.sorter.deactivate("c");
  CHECK(f.order() == std::vector<std::string>{"a", "b"});
  f.sorter.remove("b");
  f.sorter.activate("c");
  CHECK(f.order() == std::vector<std::string>{"c", "a"});
}

TEST_CASE("the sorter divides shares by weights")
{
  SorterFixture f;
  f.sorter.addTotal(f.q(10, 100));
  f.sorter.updateWeight("heavy", 4);
  f.add("heavy");
  f.add("light");
  f.sorter.allocated("heavy", f.q(4, 0));  // 0.4 / 4 = 0.1
  f.sorter.allocated("light", f.q(2, 0));  // 0.2
  CHECK(f.order() == std::vector<std::string>{"heavy", "light"});
  f.sorter.updateWeight("heavy", 1);
  CHECK(f.order() == std::vector<std::string>{"light", "heavy"});
}

TEST_CASE("the sorter shares hierarchically: a subtree competes with its siblings as one")
{
  SorterFixture f;
  f.sorter.addTotal(f.q(10, 100));
  f.add("a/x");
  f.add("a/y");
  f.add("b");
  f.sorter.allocated("a/x", f.q(2, 0));
  f.sorter.allocated("a/y", f.q(2, 0));  // a: 0.4
  f.sorter.allocated("b", f.q(3, 0));    // b: 0.3, more than each of a/x and a/y
  CHECK(f.order() == std::vector<std::string>{"b", "a/x", "a/y"});

  // A client that is also a parent ("a" next to "a/x") sorts inside "a".
  f.add("a");
  CHECK(f.order() == std::vector<std::string>{"b", "a", "a/x", "a/y"});
  f.sorter.remove("a/x");
  f.sorter.remove("a/y");
  CHECK(f.order() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("the sorter leaves excluded resource names out of shares")
{
  SorterFixture f;
  std::size_t gpus = f.names.index("gpus");
  f.excluded.assign(f.names.size(), 0);
  f.excluded[gpus] = 1;
  Quantities total = f.q(10, 100);
  total.setMilli(gpus, toMilli(4));
  f.sorter.addTotal(total);
  f.add("gpu-user");
  f.add("cpu-user");
  Quantities allGpus;
  allGpus.setMilli(gpus, toMilli(4));
  f.sorter.allocated("gpu-user", allGpus + f.q(1, 0));  // 0.1 without gpus
  f.sorter.allocated("cpu-user", f.q(2, 0));            // 0.2
  CHECK(f.order() == std::vector<std::string>{"gpu-user", "cpu-user"});
  CHECK(f.sorter.share("gpu-user") == doctest::Approx(0.1));
}
