// Resources::apply: RESERVE, UNRESERVE, CREATE and DESTROY as Mesos converts them.
#include <doctest/doctest.h>

#include "nucleus/module/resources.hpp"
#include "resource_builders.hpp"

using namespace nucleus;
using namespace nucleus::testing;
using Operation = mesos::v1::Offer::Operation;

namespace {

Operation reserve(std::initializer_list<Resource> list)
{
  Operation op;
  op.set_type(Operation::RESERVE);
  for (const Resource& r : list) *op.mutable_reserve()->add_resources() = r;
  return op;
}

Operation unreserve(std::initializer_list<Resource> list)
{
  Operation op;
  op.set_type(Operation::UNRESERVE);
  for (const Resource& r : list) *op.mutable_unreserve()->add_resources() = r;
  return op;
}

Operation create(std::initializer_list<Resource> list)
{
  Operation op;
  op.set_type(Operation::CREATE);
  for (const Resource& r : list) *op.mutable_create()->add_volumes() = r;
  return op;
}

Operation destroy(std::initializer_list<Resource> list)
{
  Operation op;
  op.set_type(Operation::DESTROY);
  for (const Resource& r : list) *op.mutable_destroy()->add_volumes() = r;
  return op;
}

}  // namespace

TEST_CASE("apply reserve, unreserve, create and destroy")
{
  struct Case {
    const char* name;
    Resources start;
    Operation operation;
    const char* result;  // or the error
  };
  const std::vector<Case> cases = {
      {"reserve part", bag({scalar("cpus", 4)}), reserve({reserved(scalar("cpus", 1), "a")}),
       "cpus(*):3; cpus(a):1"},
      {"refine", bag({reserved(scalar("cpus", 4), "a")}),
       reserve({reserved(reserved(scalar("cpus", 4), "a"), "a/b")}), "cpus(a/b):4"},
      {"reserve too much", bag({scalar("cpus", 1)}), reserve({reserved(scalar("cpus", 2), "a")}),
       "cpus(*):1 does not contain cpus(*):2"},
      {"reserve without a reservation", bag({scalar("cpus", 1)}), reserve({scalar("cpus", 1)}),
       "Cannot get conversions: Invalid RESERVE operation: Cannot pop a reservation from "
       "unreserved resource 'cpus(*):1'"},
      {"unreserve", bag({reserved(scalar("cpus", 4), "a")}),
       unreserve({reserved(scalar("cpus", 4), "a")}), "cpus(*):4"},
      {"create", bag({reserved(scalar("disk", 64), "a")}),
       create({reserved(volume(16, "v1"), "a")}), "disk(a):48; disk(a)[v1:path]:16"},
      {"destroy", bag({reserved(scalar("disk", 48), "a"), reserved(volume(16, "v1"), "a")}),
       destroy({reserved(volume(16, "v1"), "a")}), "disk(a):64"},
      {"destroy a missing volume", bag({scalar("disk", 48)}), destroy({volume(16, "v1")}),
       "disk(*):48 does not contain disk(*)[v1:path]:16"},
      {"destroy a shared volume still in use", bag({volume(16, "v", true), volume(16, "v", true)}),
       destroy({volume(16, "v", true)}),
       "Persistent volume disk(*)[v:path]<SHARED>:16 cannot be removed due to additional "
       "shared copies"},
      {"launch is not a conversion", bag({scalar("cpus", 1)}),
       [] {
         Operation op;
         op.set_type(Operation::LAUNCH);
         return op;
       }(),
       "Cannot get conversions: Operation not supported"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    Try<Resources> result = c.start.apply(c.operation);
    CHECK((result ? result->toString() : result.error().message) == c.result);
  }
}
