// RESERVE, UNRESERVE, CREATE, DESTROY and prepareOperation validation.
#include <doctest/doctest.h>

#include "kernel/master/validation/validation.hpp"
#include "tests/module-api/resource_builders.hpp"

using namespace nucleus;
using namespace nucleus::testing;
using namespace nucleus::master::validation;
using Operation = mesos::v1::Offer::Operation;

namespace {

const std::set<std::string> kRoles{"r"};
const std::set<std::string> kOperator{};

Operation::Reserve reserve(std::initializer_list<Resource> list)
{
  Operation::Reserve op;
  for (const Resource& r : list) *op.add_resources() = r;
  return op;
}

Resource dynamic(Resource r, const std::string& role, const std::string& principal = "p")
{
  return reserved(std::move(r), role, ReservationInfo::DYNAMIC, principal);
}

Resource persistent(const std::string& id, const std::string& principal = "p")
{
  Resource r = dynamic(volume(10, id), "r");
  r.mutable_disk()->mutable_persistence()->set_principal(principal);
  return r;
}

}  // namespace

TEST_CASE("validateReserve")
{
  struct Case {
    const char* name;
    Operation::Reserve op;
    std::optional<std::string> principal;
    std::set<std::string> roles;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"framework reserve", reserve({allocated(dynamic(scalar("cpus", 1), "r"), "r")}), "p", kRoles,
       ""},
      {"operator reserve", reserve({dynamic(scalar("cpus", 1), "r")}), "p", kOperator, ""},
      {"reserve to *", reserve({dynamic(scalar("cpus", 1), "*")}), std::nullopt, kOperator,
       "Invalid resources: Invalid resources: Resource 'cpus(*):1' is invalid: Invalid "
       "reservation: role \"*\" cannot be reserved"},
      {"static", reserve({reserved(scalar("cpus", 1), "r", ReservationInfo::STATIC)}), std::nullopt,
       kOperator, "Resource cpus(r):1 is not dynamically reserved"},
      {"no principal", reserve({dynamic(scalar("cpus", 1), "r", "")}), "p", kOperator,
       "A reserve operation was attempted by principal 'p', but there is a reserved resource in "
       "the request with no principal set"},
      {"other principal", reserve({dynamic(scalar("cpus", 1), "r", "q")}), "p", kOperator,
       "A reserve operation was attempted by authenticated principal 'p', which does not match a "
       "reserved resource in the request with principal 'q'"},
      {"framework, unallocated", reserve({dynamic(scalar("cpus", 1), "r")}), "p", kRoles,
       "A reserve operation was attempted on unallocated resource cpus(r):1, but frameworks can "
       "only perform reservations on allocated resources"},
      {"framework, other role", reserve({allocated(dynamic(scalar("cpus", 1), "s"), "r")}), "p",
       kRoles,
       "A reserve operation was attempted for a resource with role 's', but the resource was "
       "allocated to role 'r'"},
      {"framework, not its role", reserve({allocated(dynamic(scalar("cpus", 1), "s"), "s")}), "p",
       kRoles,
       "A reserve operation was attempted for a resource allocated to role 's', but the "
       "framework only has roles '{ r }'"},
      {"operator, allocated", reserve({allocated(dynamic(scalar("cpus", 1), "r"), "r")}), "p",
       kOperator,
       "A reserve operation was attempted with an allocated resource, but the operator API only "
       "allows reservations to be made to unallocated resources"},
      {"volume", reserve({persistent("v1")}), std::nullopt, kOperator,
       "A persistent volume disk(r)[v1:path]:10 must already be reserved"},
      {"revocable", reserve({[] {
         Resource r = dynamic(scalar("cpus", 1), "r");
         r.mutable_revocable();
         return r;
       }()}),
       std::nullopt, kOperator,
       "Invalid resources: Invalid ReservationInfo: Dynamically reserved resource "
       "cpus(r){REV}:1 cannot be created from revocable resources"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(validateReserve(c.op, c.principal, c.roles).message() == c.error);
  }
}

TEST_CASE("validateUnreserve")
{
  auto unreserve = [](Resource r) {
    Operation::Unreserve op;
    *op.add_resources() = r;
    return op;
  };
  CHECK(validateUnreserve(unreserve(dynamic(scalar("cpus", 1), "r"))).message() == "");
  CHECK(validateUnreserve(unreserve(scalar("cpus", 1))).message() ==
        "Resource cpus(*):1 is not dynamically reserved");
  CHECK(validateUnreserve(unreserve(persistent("v1"))).message() ==
        "A dynamically reserved persistent volume disk(r)[v1:path]:10 cannot be unreserved "
        "directly. Please destroy the persistent volume first then unreserve the resource");
}

TEST_CASE("validateCreate")
{
  auto create = [](std::initializer_list<Resource> list) {
    Operation::Create op;
    for (const Resource& r : list) *op.add_volumes() = r;
    return op;
  };
  const Resources checkpointed = bag({persistent("existing")});
  mesos::v1::FrameworkInfo framework;
  framework.mutable_id()->set_value("f1");

  struct Case {
    const char* name;
    Operation::Create op;
    std::optional<std::string> principal;
    std::set<std::string> roles;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"operator create", create({persistent("v1")}), "p", kOperator, ""},
      {"framework create", create({allocated(persistent("v1"), "r")}), "p", kRoles, ""},
      {"plain disk", create({dynamic(scalar("disk", 10), "r")}), "p", kOperator,
       "Not a persistent volume: Resource disk(r):10 does not have DiskInfo"},
      {"read-only", create({[] {
         Resource r = persistent("v1");
         r.mutable_disk()->mutable_volume()->set_mode(mesos::v1::Volume::RO);
         return r;
       }()}),
       "p", kOperator, "Not a persistent volume: Read-only persistent volume not supported"},
      {"id taken", create({persistent("existing")}), "p", kOperator,
       "Persistence ID 'existing' is not unique"},
      {"unreserved volume", create({volume(10, "v1")}), std::nullopt, kOperator,
       "Invalid resources: Invalid DiskInfo: Persistent volumes cannot be created from unreserved "
       "resources"},
      {"no principal", create({persistent("v1", "")}), "p", kOperator, nullptr},
      {"other principal", create({persistent("v1", "q")}), "p", kOperator,
       "Create volume operation attempted by authenticated principal 'p', which does not match a "
       "volume in the operation with principal 'q' set in 'disk.persistence'"},
      {"framework, unallocated", create({persistent("v1")}), "p", kRoles,
       "Invalid volume resources: The resources are not allocated to a role"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    Try<Nothing> result = validateCreate(c.op, checkpointed, c.principal, c.roles);
    if (c.error != nullptr) CHECK(result.message() == c.error);
  }

  Resource noPrincipal = persistent("v1");
  noPrincipal.mutable_disk()->mutable_persistence()->clear_principal();
  CHECK(
      validateCreate(create({noPrincipal}), checkpointed, std::string("p"), kOperator).message() ==
      "Create volume operation attempted by principal 'p', but there is a volume in the "
      "operation with no principal set in 'disk.persistence'");

  Resource shared = allocated(persistent("v1"), "r");
  shared.mutable_shared();
  CHECK(
      validateCreate(create({shared}), checkpointed, std::nullopt, kRoles, &framework).message() ==
      "Create volume operation for 'disk(allocated: r)(r)[v1:path]<SHARED>:10' has been "
      "attempted by framework 'f1' with no SHARED_RESOURCES capability");
  framework.add_capabilities()->set_type(mesos::v1::FrameworkInfo::Capability::SHARED_RESOURCES);
  CHECK(
      validateCreate(create({shared}), checkpointed, std::nullopt, kRoles, &framework).message() ==
      "");
}

TEST_CASE("validateDestroy")
{
  auto destroy = [](Resource r) {
    Operation::Destroy op;
    *op.add_volumes() = r;
    return op;
  };
  const Resources checkpointed = bag({dynamic(scalar("disk", 100), "r"), persistent("v1")});
  CHECK(validateDestroy(destroy(persistent("v1")), checkpointed, {}).message() == "");
  CHECK(validateDestroy(destroy(allocated(persistent("v1"), "r")), checkpointed, {}).message() ==
        "");
  CHECK(validateDestroy(destroy(persistent("v2")), checkpointed, {}).message() ==
        "Persistent volumes not found");
  CHECK(validateDestroy(destroy(persistent("v1")), checkpointed, {"v1"}).message() ==
        "Persistent volumes in use");
  CHECK(validateDestroy(destroy(dynamic(scalar("disk", 10), "r")), checkpointed, {}).message() ==
        "Not a persistent volume: Resource disk(r):10 does not have DiskInfo");
}

TEST_CASE("validateResources")
{
  google::protobuf::RepeatedPtrField<mesos::v1::Resource> list;
  *list.Add() = scalar("cpus", 1);
  CHECK(validateResources(list).message() == "");
  Resource emptyDisk = scalar("disk", 1);
  emptyDisk.mutable_disk();
  *list.Add() = emptyDisk;
  CHECK(validateResources(list).message() == "Invalid DiskInfo: DiskInfo is set but empty");
}

TEST_CASE("prepareOperation upgrades resources, injects allocation and fills executors")
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  mesos::v1::FrameworkID frameworkId;
  frameworkId.set_value("f1");

  Operation launch;
  launch.set_type(Operation::LAUNCH);
  auto* task = launch.mutable_launch()->add_task_infos();
  task->set_name("t");
  task->mutable_task_id()->set_value("t");
  task->mutable_agent_id()->set_value("a");
  Resource legacy = scalar("cpus", 1);
  legacy.set_role("r");
  *task->add_resources() = legacy;
  task->mutable_executor()->mutable_executor_id()->set_value("e");
  *task->mutable_executor()->add_resources() = allocated(scalar("mem", 32), "other");
  task->mutable_health_check()->mutable_command()->set_value("true");

  REQUIRE(prepareOperation(&launch, "r", frameworkId));
  const auto& prepared = launch.launch().task_infos(0);
  CHECK(prepared.resources(0).reservations_size() == 1);
  CHECK_FALSE(prepared.resources(0).has_role());
  CHECK(prepared.resources(0).allocation_info().role() == "r");
  CHECK(prepared.executor().resources(0).allocation_info().role() == "other");
  CHECK(prepared.executor().framework_id().value() == "f1");
  CHECK(prepared.health_check().type() == mesos::v1::HealthCheck::COMMAND);

  Operation group;
  group.set_type(Operation::LAUNCH_GROUP);
  group.mutable_launch_group()->mutable_executor()->mutable_executor_id()->set_value("e");
  group.mutable_launch_group()->mutable_task_group()->add_tasks()->set_name("t");
  REQUIRE(prepareOperation(&group, "r", frameworkId));
  CHECK(group.launch_group().task_group().tasks(0).executor().framework_id().value() == "f1");

  Operation missing;
  missing.set_type(Operation::UNRESERVE);
  CHECK(prepareOperation(&missing, "r", frameworkId).message() ==
        "An UNRESERVE offer operation must have the Offer.Operation.unreserve field set.");

  Operation invalid;
  invalid.set_type(Operation::RESERVE);
  Resource star = scalar("cpus", 1);
  star.mutable_reservation()->set_principal("p");
  *invalid.mutable_reserve()->add_resources() = star;
  CHECK(prepareOperation(&invalid, "r", frameworkId).message() ==
        "Resource 'cpus(*):1' is invalid: Invalid reservation: role \"*\" cannot be dynamically "
        "reserved");
#pragma GCC diagnostic pop
}
