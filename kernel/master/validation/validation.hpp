#pragma once

// The master's validation as pure functions, with Mesos 1.5's checks and error
// texts (src/master/validation.cpp, src/common/validation.cpp, the checks'
// validation and the agent's executor::call::validate), so that schedulers that
// match on Mesos' messages keep working. Nothing here touches master state: what
// a check needs from it comes in as arguments (TaskContext's callbacks, the
// agent's checkpointed resources, the volumes in use).
//
// Resources may be in either reservation format (pre- or post-refinement) and,
// as in Mesos, operation resources are expected to carry allocation_info
// (prepareOperation / Mesos' injectAllocationInfo) before validateTask,
// validateTaskGroup, validateReserve and validateCreate see them.
//
// Thread safety: pure functions; TaskContext's callbacks are called on the
// caller's thread, during the call only.

#include <functional>
#include <optional>
#include <set>
#include <string>

#include "mesos/v1/executor/executor.pb.h"
#include "mesos/v1/mesos.pb.h"
#include "mesos/v1/scheduler/scheduler.pb.h"
#include "nucleus/module/resources.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::master::validation {

// FrameworkInfo checks as Mesos 1.5 (roles vs role, MULTI_ROLE capability, role
// names, duplicates), e.g. "'FrameworkInfo.roles' must not be set when the
// framework is not MULTI_ROLE capable".
Try<Nothing> validateFrameworkInfo(const mesos::v1::FrameworkInfo& info);

// The framework's roles: `roles` with MULTI_ROLE, else {role} ("*" when unset).
std::set<std::string> frameworkRoles(const mesos::v1::FrameworkInfo& info);

// What the master's subscribe checks beyond validateFrameworkInfo.
struct SubscribeOptions {
  // The master's --roles whitelist; nullopt accepts every role.
  std::optional<std::set<std::string>> roleWhitelist;
  // --root_submissions: whether user "root" may subscribe.
  bool rootSubmissions = true;
};

// SUBSCRIBE as Mesos' Master::subscribe: validateFrameworkInfo, roles against
// the whitelist ("Roles { a } are not present in master's --roles"), suppressed
// roles within the framework's roles, root submissions, and failover_timeout
// being a representable duration.
Try<Nothing> validateSubscribe(const mesos::v1::scheduler::Call::Subscribe& subscribe,
                               const SubscribeOptions& options);

// scheduler::Call shape checks (Mesos' scheduler::call::validate): the
// type-specific message is present, framework_id present for every type but
// SUBSCRIBE and matching subscribe.framework_info.id, acknowledged UUIDs valid.
Try<Nothing> validateSchedulerCall(const mesos::v1::scheduler::Call& call);
// The same, also requiring that an authenticated `principal` matches
// subscribe.framework_info.principal when that is set.
Try<Nothing> validateSchedulerCall(const mesos::v1::scheduler::Call& call,
                                   const std::optional<std::string>& principal);

// executor::Call shape checks (Mesos' executor::call::validate): ids present,
// UPDATE with a valid uuid, from SOURCE_EXECUTOR, not TASK_STAGING.
Try<Nothing> validateExecutorCall(const mesos::v1::executor::Call& call);

// Mesos' resource::validate: Resources::validate, whole gpus, DiskInfo of
// persistent volumes, no dynamic reservation of revocable resources. Messages
// start with "Invalid resources: ", "Invalid 'gpus' resource: ",
// "Invalid DiskInfo: " or "Invalid ReservationInfo: ".
Try<Nothing> validateResources(
    const google::protobuf::RepeatedPtrField<mesos::v1::Resource>& resources);

// Mesos' common::validation::validateID, used for task, executor, agent and
// framework ids and persistence ids: "ID must not be empty", "'a/b' contains
// invalid characters"...
Try<Nothing> validateId(const std::string& id);

struct TaskContext {
  const mesos::v1::FrameworkInfo& framework;  // with id
  const mesos::v1::AgentInfo& agent;          // with id
  const Resources& available;                 // offered resources still unused in this ACCEPT
  // A known non-terminal or pending task of this framework.
  std::function<bool(const mesos::v1::TaskID&)> taskIdInUse;
  // This framework's executor on that agent.
  std::function<std::optional<mesos::v1::ExecutorInfo>(const mesos::v1::ExecutorID&)> knownExecutor;
};

// A LAUNCH task as Mesos' task::validate: id, uniqueness ("Task has duplicate
// ID: x"), agent, kill policy, checks, resources, command/container, then its
// executor ("Task should have at least one (but not both) of CommandInfo or
// ExecutorInfo present", ExecutorInfo compatible with a running one of the same
// id...) and finally that task plus new executor fit in `available` ("Total
// resources ... required by task and its executor is more than available ...").
// A missing executor framework_id is taken as the framework's (the master fills
// it in, as Mesos).
Try<Nothing> validateTask(const mesos::v1::TaskInfo& task, const TaskContext& context);

// A LAUNCH_GROUP as Mesos' task::group::validate: each task ("Task 'x' is
// invalid: ..."), then the executor (type, minimum cpus/mem, disk, same
// ExecutorInfo on every task, resources fit in `available`).
Try<Nothing> validateTaskGroup(const mesos::v1::TaskGroupInfo& group,
                               const mesos::v1::ExecutorInfo& executor, const TaskContext& context);

// RESERVE/UNRESERVE/CREATE/DESTROY checks, Mesos' texts; `principal` is the
// framework's or operator's. Framework requests pass the framework's roles; the
// operator API passes an empty set (then resources must be unallocated).
Try<Nothing> validateReserve(const mesos::v1::Offer::Operation::Reserve& op,
                             const std::optional<std::string>& principal,
                             const std::set<std::string>& frameworkRoles);
Try<Nothing> validateUnreserve(const mesos::v1::Offer::Operation::Unreserve& op);
// `checkpointed`: the agent's checkpointed resources (existing volumes).
// `framework`, when given, must have SHARED_RESOURCES to create a shared volume
// (Mesos' check; without it, shared volumes are not refused).
Try<Nothing> validateCreate(const mesos::v1::Offer::Operation::Create& op,
                            const Resources& checkpointed,
                            const std::optional<std::string>& principal,
                            const std::set<std::string>& frameworkRoles,
                            const mesos::v1::FrameworkInfo* framework = nullptr);
Try<Nothing> validateDestroy(const mesos::v1::Offer::Operation::Destroy& op,
                             const Resources& checkpointed,
                             const std::set<std::string>& pendingVolumeIds /* used by tasks */);

// Prepares an ACCEPT operation for the checks above, as Mesos' master does:
// validates every resource in its raw form (Mesos' validateAndUpgradeResources,
// e.g. "A LAUNCH offer operation must have the Offer.Operation.launch field
// set."), upgrades them to the reservation-refinement form, sets
// allocation_info.role = `role` where it is missing (injectAllocationInfo) and
// an executor's missing framework_id.
Try<Nothing> prepareOperation(mesos::v1::Offer::Operation* operation, const std::string& role,
                              const mesos::v1::FrameworkID& frameworkId);

}  // namespace nucleus::master::validation
