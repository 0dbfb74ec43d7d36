// Preparing an ACCEPT operation for validation, as Mesos 1.5's master does
// before validating (validateAndUpgradeResources, injectAllocationInfo, and the
// executor/health-check adaptations of Master::accept).
#include "kernel/master/validation/validation_internal.hpp"

namespace nucleus::master::validation {

namespace {

using mesos::v1::Offer;
using ResourceList = google::protobuf::RepeatedPtrField<mesos::v1::Resource>;

// Every resource list in the operation.
std::vector<ResourceList*> resourceLists(Offer::Operation* operation)
{
  std::vector<ResourceList*> lists;
  auto addTask = [&](mesos::v1::TaskInfo* task) {
    lists.push_back(task->mutable_resources());
    if (task->has_executor()) lists.push_back(task->mutable_executor()->mutable_resources());
  };
  switch (operation->type()) {
    case Offer::Operation::LAUNCH:
      for (auto& task : *operation->mutable_launch()->mutable_task_infos()) addTask(&task);
      break;
    case Offer::Operation::LAUNCH_GROUP: {
      auto* group = operation->mutable_launch_group();
      if (group->has_executor()) lists.push_back(group->mutable_executor()->mutable_resources());
      for (auto& task : *group->mutable_task_group()->mutable_tasks()) addTask(&task);
      break;
    }
    case Offer::Operation::RESERVE:
      lists.push_back(operation->mutable_reserve()->mutable_resources());
      break;
    case Offer::Operation::UNRESERVE:
      lists.push_back(operation->mutable_unreserve()->mutable_resources());
      break;
    case Offer::Operation::CREATE:
      lists.push_back(operation->mutable_create()->mutable_volumes());
      break;
    case Offer::Operation::DESTROY:
      lists.push_back(operation->mutable_destroy()->mutable_volumes());
      break;
    default:
      break;
  }
  return lists;
}

Try<Nothing> checkFieldSet(const Offer::Operation& operation)
{
  auto missing = [](const std::string& article, const std::string& type, const std::string& field) {
    return Error(article + " " + type + " offer operation must have the Offer.Operation." + field +
                 " field set.");
  };
  switch (operation.type()) {
    case Offer::Operation::RESERVE:
      if (!operation.has_reserve()) return missing("A", "RESERVE", "reserve");
      break;
    case Offer::Operation::UNRESERVE:
      if (!operation.has_unreserve()) return missing("An", "UNRESERVE", "unreserve");
      break;
    case Offer::Operation::CREATE:
      if (!operation.has_create()) return missing("A", "CREATE", "create");
      break;
    case Offer::Operation::DESTROY:
      if (!operation.has_destroy()) return missing("A", "DESTROY", "destroy");
      break;
    case Offer::Operation::LAUNCH:
      if (!operation.has_launch()) return missing("A", "LAUNCH", "launch");
      break;
    case Offer::Operation::LAUNCH_GROUP:
      if (!operation.has_launch_group()) return missing("A", "LAUNCH_GROUP", "launch_group");
      break;
    default:
      break;
  }
  return Nothing{};
}

void adaptTasks(Offer::Operation* operation, const mesos::v1::FrameworkID& frameworkId)
{
  if (operation->type() == Offer::Operation::LAUNCH) {
    for (auto& task : *operation->mutable_launch()->mutable_task_infos()) {
      if (task.has_executor() && !task.executor().has_framework_id()) {
        *task.mutable_executor()->mutable_framework_id() = frameworkId;
      }
      if (task.has_health_check() && !task.health_check().has_type()) {
        auto* check = task.mutable_health_check();
        if (check->has_command() && !check->has_http()) {
          check->set_type(mesos::v1::HealthCheck::COMMAND);
        } else if (check->has_http() && !check->has_command()) {
          check->set_type(mesos::v1::HealthCheck::HTTP);
        }
      }
    }
  } else if (operation->type() == Offer::Operation::LAUNCH_GROUP) {
    auto* group = operation->mutable_launch_group();
    if (group->has_executor() && !group->executor().has_framework_id()) {
      *group->mutable_executor()->mutable_framework_id() = frameworkId;
    }
    for (auto& task : *group->mutable_task_group()->mutable_tasks()) {
      if (!task.has_executor()) *task.mutable_executor() = group->executor();
    }
  }
}

}  // namespace

Try<Nothing> prepareOperation(Offer::Operation* operation, const std::string& role,
                              const mesos::v1::FrameworkID& frameworkId)
{
  Try<Nothing> valid = checkFieldSet(*operation);
  if (!valid) return valid;

  std::vector<ResourceList*> lists = resourceLists(operation);
  for (ResourceList* list : lists) {
    valid = Resources::validate(*list);
    if (!valid) return valid;
  }
  for (ResourceList* list : lists) {
    Resources::upgrade(list);
    for (auto& resource : *list) {
      if (!resource.has_allocation_info()) resource.mutable_allocation_info()->set_role(role);
    }
  }
  adaptTasks(operation, frameworkId);
  return Nothing{};
}

}  // namespace nucleus::master::validation
