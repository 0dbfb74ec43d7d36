// ExecutorInfo checks as Mesos 1.5's executor::validate and
// executor::internal::validate.
#include <google/protobuf/util/message_differencer.h>

#include "kernel/master/validation/validation_internal.hpp"

namespace nucleus::master::validation::internal {

namespace {

using mesos::v1::ExecutorInfo;

Try<Nothing> validateType(const ExecutorInfo& executor)
{
  switch (executor.type()) {
    case ExecutorInfo::DEFAULT:
      if (executor.has_command()) {
        return Error("'ExecutorInfo.command' must not be set for 'DEFAULT' executor");
      }
      if (executor.has_container()) {
        if (executor.container().type() != mesos::v1::ContainerInfo::MESOS) {
          return Error("'ExecutorInfo.container.type' must be 'MESOS' for 'DEFAULT' executor");
        }
        if (executor.container().mesos().has_image()) {
          return Error(
              "'ExecutorInfo.container.mesos.image' must not be set for 'DEFAULT' executor");
        }
      }
      return Nothing{};
    case ExecutorInfo::CUSTOM:
      if (!executor.has_command()) {
        return Error("'ExecutorInfo.command' must be set for 'CUSTOM' executor");
      }
      return Nothing{};
    default:  // a type newer than us: as Mesos, accepted
      return Nothing{};
  }
}

Try<Nothing> validateExecutorResources(const ExecutorInfo& executor)
{
  Try<Nothing> valid = validateResources(executor.resources());
  if (!valid) return Error("Executor uses invalid resources: " + valid.error().message);
  const Resources resources(executor.resources());
  valid = validateUniquePersistenceId(resources);
  if (!valid) return Error("Executor uses duplicate persistence ID: " + valid.error().message);
  valid = validateAllocatedToSingleRole(executor.resources());
  if (!valid) return Error("Invalid executor resources: " + valid.error().message);
  valid = validateRevocableAndNonRevocable(resources);
  if (!valid) {
    return Error("Executor mixes revocable and non-revocable resources: " + valid.error().message);
  }
  return Nothing{};
}

}  // namespace

bool sameExecutor(const ExecutorInfo& left, const ExecutorInfo& right)
{
  ExecutorInfo a = left;
  ExecutorInfo b = right;
  a.clear_resources();
  b.clear_resources();
  return google::protobuf::util::MessageDifferencer::Equivalent(a, b) &&
         Resources(left.resources()) == Resources(right.resources());
}

ExecutorInfo withFrameworkId(const ExecutorInfo& executor,
                             const mesos::v1::FrameworkInfo& framework)
{
  ExecutorInfo copy = executor;
  if (!copy.has_framework_id()) *copy.mutable_framework_id() = framework.id();
  return copy;
}

Try<Nothing> validateExecutorInfo(const ExecutorInfo& executor)
{
  Try<Nothing> valid = validateType(executor);
  if (!valid) return valid;
  valid = validateId(executor.executor_id().value());
  if (!valid) return valid;
  if (executor.has_shutdown_grace_period() && executor.shutdown_grace_period().nanoseconds() < 0) {
    return Error("ExecutorInfo's 'shutdown_grace_period' must be non-negative");
  }
  if (executor.has_command()) {
    valid = validateCommandInfo(executor.command());
    if (!valid) return Error("Executor's `CommandInfo` is invalid: " + valid.error().message);
  }
  if (executor.has_container()) {
    valid = validateContainerInfo(executor.container());
    if (!valid) return Error("Executor's `ContainerInfo` is invalid: " + valid.error().message);
  }
  return Nothing{};
}

Try<Nothing> validateExecutorInContext(const ExecutorInfo& given, const TaskContext& context)
{
  Try<Nothing> valid = validateExecutorInfo(given);
  if (!valid) return valid;

  // The master fills in a missing framework_id (as Mesos' accept does).
  const ExecutorInfo executor = withFrameworkId(given, context.framework);
  if (executor.framework_id().value() != context.framework.id().value()) {
    return Error(
        "ExecutorInfo has an invalid FrameworkID (Actual: " + executor.framework_id().value() +
        " vs Expected: " + context.framework.id().value() + ")");
  }

  valid = validateExecutorResources(executor);
  if (!valid) return valid;

  std::optional<ExecutorInfo> known;
  if (context.knownExecutor) known = context.knownExecutor(executor.executor_id());
  if (known && !sameExecutor(executor, withFrameworkId(*known, context.framework))) {
    const std::string line = "------------------------------------------------------------\n";
    return Error(
        "ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID.\n" + line +
        "Existing ExecutorInfo:\n" + known->DebugString() + "\n" + line + "ExecutorInfo:\n" +
        executor.DebugString() + "\n" + line);
  }
  return Nothing{};
}

}  // namespace nucleus::master::validation::internal
