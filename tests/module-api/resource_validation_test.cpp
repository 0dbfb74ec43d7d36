// Resources::validate and validateRole: Mesos 1.5's error texts.
#include <doctest/doctest.h>

#include <functional>

#include "nucleus/module/resources.hpp"
#include "resource_builders.hpp"

using namespace nucleus;
using namespace nucleus::testing;

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // legacy role/reservation cases

TEST_CASE("validate names what is wrong with a resource")
{
  struct Case {
    const char* name;
    std::function<Resource()> make;
    const char* error;  // "" when valid
  };
  const std::vector<Case> cases = {
      {"valid scalar", [] { return scalar("cpus", 1); }, ""},
      {"empty name", [] { return scalar("", 1); }, "Empty resource name"},
      {"missing scalar",
       [] {
         Resource r = ranges("cpus", {{1, 2}});
         r.set_type(mesos::v1::Value::SCALAR);
         return r;
       },
       "Invalid scalar resource"},
      {"negative", [] { return scalar("cpus", -1); }, "Invalid scalar resource: value < 0"},
      {"ranges without ranges",
       [] {
         Resource r = scalar("ports", 1);
         r.set_type(mesos::v1::Value::RANGES);
         return r;
       },
       "Invalid ranges resource"},
      {"inverted range",
       [] {
         return ranges("ports", {{5, 1}});
       },
       "Invalid ranges resource: begin > end"},
      {"overlapping ranges",
       [] {
         return ranges("ports", {{1, 5}, {5, 6}});
       },
       "Invalid ranges resource: overlapping ranges"},
      {"set duplicates",
       [] {
         return set("s", {"a", "a"});
       },
       "Invalid set resource: duplicated elements"},
      {"text type",
       [] {
         Resource r = scalar("t", 1);
         r.clear_scalar();
         r.set_type(mesos::v1::Value::TEXT);
         return r;
       },
       "Unsupported resource type"},
      {"disk info on cpus",
       [] {
         Resource r = scalar("cpus", 1);
         r.mutable_disk()->mutable_persistence()->set_id("x");
         return r;
       },
       "DiskInfo should not be set for cpus resource"},
      {"bad role",
       [] {
         Resource r = scalar("cpus", 1);
         r.set_role("a//b");
         return r;
       },
       "Role 'a//b' cannot contain two adjacent slashes"},
      {"dynamic * reservation",
       [] {
         Resource r = scalar("cpus", 1);
         r.mutable_reservation()->set_principal("p");
         return r;
       },
       "Invalid reservation: role \"*\" cannot be dynamically reserved"},
      {"reservation without type",
       [] {
         Resource r = scalar("cpus", 1);
         r.add_reservations()->set_role("a");
         return r;
       },
       "Invalid reservation: 'Resource.ReservationInfo.type' field must be set."},
      {"reserve *", [] { return reserved(scalar("cpus", 1), "*"); },
       "Invalid reservation: role \"*\" cannot be reserved"},
      {"refinement not a subrole", [] { return reserved(reserved(scalar("cpus", 1), "a"), "b"); },
       "Invalid refined reservation: role 'b' is not a refinement of 'a'"},
      {"refinement static",
       [] { return reserved(reserved(scalar("cpus", 1), "a"), "a/b", ReservationInfo::STATIC); },
       "Invalid refined reservation: A refined reservation cannot be STATIC"},
      {"valid refinement", [] { return reserved(reserved(scalar("cpus", 1), "a"), "a/b"); }, ""},
      {"role mismatch",
       [] {
         Resource r = reserved(scalar("cpus", 1), "a", ReservationInfo::STATIC);
         r.set_role("b");
         return r;
       },
       "Invalid resource format: 'Resource.role' field with 'b' does not match the role 'a' in "
       "'Resource.reservations'"},
      {"shared cpus",
       [] {
         Resource r = scalar("cpus", 1);
         r.mutable_shared();
         return r;
       },
       "Resource cpus cannot be shared"},
      {"shared plain disk",
       [] {
         Resource r = scalar("disk", 1);
         r.mutable_shared();
         return r;
       },
       "Only persistent volumes can be shared"},
      {"shared volume", [] { return volume(1, "v", true); }, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    Try<Nothing> result = Resources::validate(c.make());
    CHECK(result.message() == c.error);
  }
}

TEST_CASE("validate of a list names the resource")
{
  ResourceList list;
  *list.Add() = scalar("cpus", 1);
  *list.Add() = scalar("mem", -5);
  CHECK(Resources::validate(list).message() ==
        "Resource 'mem(*):-5' is invalid: Invalid scalar resource: value < 0");
}

TEST_CASE("role names as Mesos 1.5")
{
  struct Case {
    const char* role;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"*", ""},
      {"web", ""},
      {"a/b/c", ""},
      {"", "Role names cannot be the empty string"},
      {"/a", "Role '/a' cannot start with a slash"},
      {"a/", "Role 'a/' cannot end with a slash"},
      {"a//b", "Role 'a//b' cannot contain two adjacent slashes"},
      {"a/./b", "Role 'a/./b' cannot include '.' as a component"},
      {"..", "Role '..' cannot include '..' as a component"},
      {"a/*", "Role 'a/*' cannot include '*' as a component"},
      {"-a", "Role component '-a' is invalid because it starts with a dash"},
      {"a b", "Role component 'a b' is invalid because it contains backspace or whitespace"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.role);
    CHECK(Resources::validateRole(c.role).message() == c.error);
  }
}
