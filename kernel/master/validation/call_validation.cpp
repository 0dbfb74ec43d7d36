// Scheduler and executor Call shape checks as Mesos 1.5
// (master's scheduler::call::validate, agent's executor::call::validate).
#include "kernel/master/validation/validation_internal.hpp"

namespace nucleus::master::validation {

namespace {

using mesos::v1::scheduler::Call;

Error missing(const std::string& field)
{
  return Error("Expecting '" + field + "' to be present");
}

Try<Nothing> validateSubscribeCall(const Call& call, const std::optional<std::string>& principal)
{
  if (!call.has_subscribe()) return missing("subscribe");
  const mesos::v1::FrameworkInfo& info = call.subscribe().framework_info();
  // As Mesos: compared as messages, so both unset is a match.
  if (info.id().value() != call.framework_id().value() ||
      info.id().has_value() != call.framework_id().has_value()) {
    return Error("'framework_id' differs from 'subscribe.framework_info.id'");
  }
  if (principal && info.has_principal() && *principal != info.principal()) {
    return Error("Authenticated principal '" + *principal + "' does not match principal '" +
                 info.principal() + "' set in `FrameworkInfo`");
  }
  return Nothing{};
}

}  // namespace

Try<Nothing> validateSchedulerCall(const Call& call)
{
  return validateSchedulerCall(call, {});
}

Try<Nothing> validateSchedulerCall(const Call& call, const std::optional<std::string>& principal)
{
  if (!call.IsInitialized()) return Error("Not initialized: " + call.InitializationErrorString());
  if (!call.has_type()) return missing("type");
  if (call.type() == Call::SUBSCRIBE) return validateSubscribeCall(call, principal);
  if (!call.has_framework_id()) return missing("framework_id");

  switch (call.type()) {
    case Call::ACCEPT:
      if (!call.has_accept()) return missing("accept");
      break;
    case Call::DECLINE:
      if (!call.has_decline()) return missing("decline");
      break;
    case Call::ACCEPT_INVERSE_OFFERS:
      if (!call.has_accept_inverse_offers()) return missing("accept_inverse_offers");
      break;
    case Call::DECLINE_INVERSE_OFFERS:
      if (!call.has_decline_inverse_offers()) return missing("decline_inverse_offers");
      break;
    case Call::KILL:
      if (!call.has_kill()) return missing("kill");
      break;
    case Call::SHUTDOWN:
      if (!call.has_shutdown()) return missing("shutdown");
      break;
    case Call::ACKNOWLEDGE:
      if (!call.has_acknowledge()) return missing("acknowledge");
      return internal::validateUuid(call.acknowledge().uuid());
    case Call::ACKNOWLEDGE_OPERATION_STATUS:
      if (!call.has_acknowledge_operation_status()) return missing("acknowledge_operation_status");
      return internal::validateUuid(call.acknowledge_operation_status().uuid());
    case Call::RECONCILE:
      if (!call.has_reconcile()) return missing("reconcile");
      break;
    case Call::RECONCILE_OPERATIONS:
      if (!call.has_reconcile_operations()) return missing("reconcile_operations");
      break;
    case Call::MESSAGE:
      if (!call.has_message()) return missing("message");
      break;
    case Call::REQUEST:
      if (!call.has_request()) return missing("request");
      break;
    default:  // TEARDOWN, REVIVE, SUPPRESS and UNKNOWN need nothing more
      break;
  }
  return Nothing{};
}

Try<Nothing> validateExecutorCall(const mesos::v1::executor::Call& call)
{
  using ExecutorCall = mesos::v1::executor::Call;
  if (!call.IsInitialized()) return Error("Not initialized: " + call.InitializationErrorString());
  if (!call.has_type()) return missing("type");
  if (!call.has_executor_id()) return missing("executor_id");
  if (!call.has_framework_id()) return missing("framework_id");

  switch (call.type()) {
    case ExecutorCall::SUBSCRIBE:
      if (!call.has_subscribe()) return missing("subscribe");
      return Nothing{};
    case ExecutorCall::UPDATE: {
      if (!call.has_update()) return missing("update");
      const mesos::v1::TaskStatus& status = call.update().status();
      if (!status.has_uuid()) return missing("uuid");
      Try<Nothing> uuid = internal::validateUuid(status.uuid());
      if (!uuid) return uuid;
      const std::string& executorId = call.executor_id().value();
      const std::string of = executorId + " of framework " + call.framework_id().value();
      if (status.has_executor_id() && status.executor_id().value() != executorId) {
        return Error("ExecutorID in Call: " + executorId +
                     " does not match ExecutorID in TaskStatus: " + status.executor_id().value());
      }
      if (status.source() != mesos::v1::TaskStatus::SOURCE_EXECUTOR) {
        return Error("Received Call from executor " + of +
                     " with invalid source, expecting 'SOURCE_EXECUTOR'");
      }
      if (status.state() == mesos::v1::TASK_STAGING) {
        return Error("Received TASK_STAGING from executor " + of + " which is not allowed");
      }
      if (status.has_check_status())
        return internal::validateCheckStatusInfo(status.check_status());
      return Nothing{};
    }
    case ExecutorCall::MESSAGE:
      if (!call.has_message()) return missing("message");
      return Nothing{};
    default:
      return Nothing{};
  }
}

}  // namespace nucleus::master::validation
