// ACCEPT: offer validation, then each operation in order (LAUNCH,
// LAUNCH_GROUP, RESERVE, UNRESERVE, CREATE, DESTROY) against what is left of
// the offered resources; what no operation used goes back to the allocator
// with the call's filters. As Mesos 1.5's Master::accept and _accept.

#include "kernel/common/logging.hpp"
#include "kernel/master/master.hpp"
#include "kernel/master/resource_conversions.hpp"
#include "kernel/master/status_updates.hpp"
#include "kernel/master/validation/validation.hpp"

namespace nucleus::master {

namespace {

using Operation = v1::Offer::Operation;

const google::protobuf::RepeatedPtrField<v1::TaskInfo>& launchedTasks(const Operation& operation)
{
  static const google::protobuf::RepeatedPtrField<v1::TaskInfo> kNone;
  if (operation.type() == Operation::LAUNCH) return operation.launch().task_infos();
  if (operation.type() == Operation::LAUNCH_GROUP) {
    return operation.launch_group().task_group().tasks();
  }
  return kNone;
}

std::optional<std::string> principalOf(const v1::FrameworkInfo& info)
{
  if (info.has_principal()) return info.principal();
  return std::nullopt;
}

}  // namespace

void Master::taskError(Framework& framework, const v1::TaskInfo& task,
                       v1::TaskStatus::Reason reason, const std::string& message)
{
  MasterStatus status;
  status.taskId = task.task_id();
  status.state = v1::TASK_ERROR;
  status.message = message;
  status.reason = reason;
  if (task.has_agent_id()) status.agentId = task.agent_id();
  forwardUpdate(framework, masterStatus(status));
}

void Master::dropOperation(Framework& framework, const Operation& operation,
                           const std::string& message)
{
  log::warning("Dropping {} operation from framework {}: {}",
               Operation::Type_Name(operation.type()), framework.id.value(), message);
  if (operation.has_id()) {
    // The scheduler asked for feedback: it learns the operation was dropped.
    OperationEntry entry;
    entry.operation = operation;
    entry.latest.set_state(v1::OPERATION_ERROR);
    *entry.latest.mutable_operation_id() = operation.id();
    entry.latest.set_message(message);
    entry.latest.mutable_uuid()->set_value(randomUuidBytes());
    auto& stored = framework.operations[operation.id().value()] = std::move(entry);
    sendOperationUpdate(framework, stored);
  }
}

void Master::accept(Framework& framework, const SchedulerCall::Accept& call)
{
  // Offer validation (Mesos' validation::offer::validate).
  std::optional<std::string> error;
  std::set<std::string> seen;
  std::string agentId;
  std::string role;
  if (call.offer_ids_size() == 0) error = "No offers specified";
  for (const v1::OfferID& offerId : call.offer_ids()) {
    if (error) break;
    if (!seen.insert(offerId.value()).second) {
      error = "Duplicate offer " + offerId.value() + " in accept";
      break;
    }
    auto it = offers_.find(offerId.value());
    if (it == offers_.end()) {
      error = "Offer " + offerId.value() + " is no longer valid";
      break;
    }
    const v1::Offer& offer = it->second.offer;
    if (offer.framework_id().value() != framework.id.value()) {
      error = "Offer " + offerId.value() + " has invalid framework " +
              offer.framework_id().value() + " while framework " + framework.id.value() +
              " is expected";
    } else if (!agentId.empty() && offer.agent_id().value() != agentId) {
      error = "Aggregated offers must belong to one single agent. Offer " + offerId.value() +
              " uses agent " + offer.agent_id().value() + " and offer " +
              call.offer_ids(0).value() + " uses agent " + agentId;
    } else if (!agentId.empty() && offer.allocation_info().role() != role) {
      error = "Aggregated offers must be allocated to the same role. Offer " + offerId.value() +
              " uses role '" + offer.allocation_info().role() + "' and offer " +
              call.offer_ids(0).value() + " uses role '" + role + "'";
    }
    agentId = offer.agent_id().value();
    role = offer.allocation_info().role();
  }

  // Offers named here are used up either way.
  Resources offered;
  for (const v1::OfferID& offerId : call.offer_ids()) {
    auto it = offers_.find(offerId.value());
    if (it == offers_.end() || it->second.offer.framework_id().value() != framework.id.value()) {
      continue;
    }
    if (error) {
      recoverOffer(offerId.value(), false);
    } else {
      offered += it->second.resources;
      removeOffer(offerId.value(), false);
    }
  }

  if (error) {
    log::warning("ACCEPT call of framework {} used invalid offers: {}", framework.id.value(),
                 *error);
    for (const Operation& operation : call.operations()) {
      for (const v1::TaskInfo& task : launchedTasks(operation)) {
        MasterStatus status;
        status.taskId = task.task_id();
        status.state = framework.partitionAware ? v1::TASK_DROPPED : v1::TASK_LOST;
        status.message = "Task launched with invalid offers: " + *error;
        status.reason = v1::TaskStatus::REASON_INVALID_OFFERS;
        if (task.has_agent_id()) status.agentId = task.agent_id();
        forwardUpdate(framework, masterStatus(status));
      }
    }
    return;
  }

  Agent* agent = this->agent(agentId);
  if (agent == nullptr || !agent->connected) {
    // Offers of a disconnected agent are rescinded, so this is a race at most.
    for (const Operation& operation : call.operations()) {
      for (const v1::TaskInfo& task : launchedTasks(operation)) {
        MasterStatus status;
        status.taskId = task.task_id();
        status.state = framework.partitionAware ? v1::TASK_DROPPED : v1::TASK_LOST;
        status.message = agent == nullptr ? "Agent removed" : "Agent disconnected";
        status.reason = agent == nullptr ? v1::TaskStatus::REASON_AGENT_REMOVED
                                         : v1::TaskStatus::REASON_AGENT_DISCONNECTED;
        forwardUpdate(framework, masterStatus(status));
      }
    }
    v1::FrameworkID frameworkId = framework.id;
    v1::AgentID id;
    id.set_value(agentId);
    allocator([frameworkId, id, offered](module::Allocator& a) {
      a.recoverResources(frameworkId, id, offered, std::nullopt);
    });
    return;
  }

  log::info("Processing ACCEPT call for offers {} on agent {} for framework {}",
            call.offer_ids_size(), agentId, framework.id.value());

  Resources used;  // launched tasks and executors
  for (Operation operation : call.operations()) {
    // Resource checks, allocation info and executor framework ids first
    // (Mesos' validateAndUpgradeResources and injectAllocationInfo).
    Try<Nothing> prepared = validation::prepareOperation(&operation, role, framework.id);
    if (!prepared) {
      if (operation.type() == Operation::LAUNCH || operation.type() == Operation::LAUNCH_GROUP) {
        v1::TaskStatus::Reason reason = operation.type() == Operation::LAUNCH
                                            ? v1::TaskStatus::REASON_TASK_INVALID
                                            : v1::TaskStatus::REASON_TASK_GROUP_INVALID;
        for (const v1::TaskInfo& task : launchedTasks(operation)) {
          taskError(framework, task, reason, prepared.error().message);
        }
      } else {
        dropOperation(framework, operation, prepared.error().message);
      }
      continue;
    }

    switch (operation.type()) {
      case Operation::LAUNCH:
        if (operation.has_id()) {
          for (const v1::TaskInfo& task : operation.launch().task_infos()) {
            taskError(framework, task, v1::TaskStatus::REASON_TASK_INVALID,
                      "The `id` field was set on this operation, but operation status updates "
                      "are only supported for RESERVE, UNRESERVE, CREATE and DESTROY");
          }
          break;
        }
        launch(framework, *agent, operation, offered, used);
        break;
      case Operation::LAUNCH_GROUP:
        if (operation.has_id()) {
          for (const v1::TaskInfo& task : operation.launch_group().task_group().tasks()) {
            taskError(framework, task, v1::TaskStatus::REASON_TASK_GROUP_INVALID,
                      "The `id` field was set on this operation, but operation status updates "
                      "are only supported for RESERVE, UNRESERVE, CREATE and DESTROY");
          }
          break;
        }
        launchGroup(framework, *agent, operation, offered, used);
        break;
      case Operation::RESERVE:
      case Operation::UNRESERVE:
      case Operation::CREATE:
      case Operation::DESTROY:
        applyOperation(framework, *agent, operation, offered);
        break;
      default:
        dropOperation(framework, operation,
                      "Operation " + Operation::Type_Name(operation.type()) +
                          " is not supported");
        break;
    }
  }

  // What was not used goes back, with the call's filters (refuse_seconds).
  if (!offered.empty()) {
    v1::FrameworkID frameworkId = framework.id;
    v1::AgentID id = agent->id;
    // As Mesos: the call's filters, or the default ones (refuse_seconds 5) when absent.
    std::optional<v1::Filters> filters = call.filters();
    allocator([frameworkId, id, offered, filters](module::Allocator& a) {
      a.recoverResources(frameworkId, id, offered, filters);
    });
  }
}

bool Master::applyOperation(Framework& framework, Agent& agent, const Operation& operation,
                            Resources& offered)
{
  std::optional<std::string> principal = principalOf(framework.info);
  Try<Nothing> valid = Nothing{};
  switch (operation.type()) {
    case Operation::RESERVE:
      valid = validation::validateReserve(operation.reserve(), principal, framework.roles);
      break;
    case Operation::UNRESERVE: valid = validation::validateUnreserve(operation.unreserve()); break;
    case Operation::CREATE:
      valid = validation::validateCreate(operation.create(), agent.checkpointed, principal,
                                         framework.roles, &framework.info);
      break;
    case Operation::DESTROY: {
      Resources inUse;
      for (const auto& [frameworkId, taskIds] : agent.tasks) {
        Framework* owner = this->framework(frameworkId);
        if (owner == nullptr) continue;
        for (const std::string& taskId : taskIds) {
          auto it = owner->tasks.find(taskId);
          if (it != owner->tasks.end() && !isTerminalState(it->second.task.state())) {
            inUse += it->second.resources;
          }
        }
      }
      valid = validation::validateDestroy(operation.destroy(), agent.checkpointed,
                                          persistenceIds(inUse));
      break;
    }
    default: break;
  }
  if (!valid) {
    dropOperation(framework, operation, valid.error().message + "; on agent " + agent.id.value());
    return false;
  }

  Try<ResourceConversion> conversion = conversionOf(operation);
  if (!conversion) {
    dropOperation(framework, operation, conversion.error().message);
    return false;
  }
  if (!offered.contains(conversion->consumed)) {
    dropOperation(framework, operation,
                  "Invalid " + Operation::Type_Name(operation.type()) + " Operation: " +
                      offered.toString() + " does not contain " +
                      conversion->consumed.toString());
    return false;
  }

  // DESTROY of a volume that sits in another offer rescinds that offer (as Mesos).
  if (operation.type() == Operation::DESTROY) {
    std::set<std::string> offerIds = agent.offers;
    for (const std::string& offerId : offerIds) {
      auto it = offers_.find(offerId);
      if (it == offers_.end()) continue;
      for (const v1::Resource& volume : operation.destroy().volumes()) {
        Resources unallocatedVolume(volume);
        unallocatedVolume.unallocate();
        Resources offeredHere = it->second.resources;
        offeredHere.unallocate();
        if (offeredHere.contains(unallocatedVolume)) {
          recoverOffer(offerId, true);
          break;
        }
      }
    }
  }

  offered = offered - conversion->consumed + conversion->converted;

  Resources consumed = conversion->consumed;
  Resources converted = conversion->converted;
  consumed.unallocate();
  converted.unallocate();
  agent.total = agent.total - consumed + converted;
  agent.checkpointed = agent.total.filter([](const v1::Resource& r) {
    return Resources::isDynamicallyReserved(r) || Resources::isPersistentVolume(r);
  });
  agent.info.clear_resources();
  agent.total.copyTo(agent.info.mutable_resources());

  log::info("Applying {} operation on agent {} for framework {}: {} -> {}",
            Operation::Type_Name(operation.type()), agent.id.value(), framework.id.value(),
            consumed.toString(), converted.toString());

  AgentEvent event;
  event.set_type(AgentEvent::APPLY_OPERATION);
  auto* apply = event.mutable_apply_operation();
  *apply->mutable_framework_id() = framework.id;
  *apply->mutable_operation() = operation;
  apply->set_operation_uuid(randomUuidBytes());
  agent.total.copyTo(apply->mutable_resources_after());
  sendToAgent(agent, event);

  v1::FrameworkID frameworkId = framework.id;
  v1::AgentID agentId = agent.id;
  Resources before = conversion->consumed;
  Resources after = conversion->converted;
  allocator([frameworkId, agentId, before, after](module::Allocator& a) {
    a.updateAllocation(frameworkId, agentId, before, after);
  });

  if (operation.has_id()) {
    trackOperation(framework, agent, operation, v1::OPERATION_FINISHED, "", conversion->converted);
  }
  return true;
}

}  // namespace nucleus::master
