// LAUNCH task checks as Mesos 1.5's task::validate (task fields, then its
// executor, then whether task and new executor fit in what is offered).
#include <sstream>

#include "kernel/common/logging.hpp"
#include "kernel/master/validation/validation_internal.hpp"

namespace nucleus::master::validation {

namespace internal {

// Mesos' MIN_CPUS and MIN_MEM (32 MB) for executors.
constexpr double kMinExecutorCpus = 0.01;
constexpr double kMinExecutorMemMb = 32;

// Task fields without its executor (Mesos' task::internal::validateTask); shared
// with task groups.
Try<Nothing> validateTaskFields(const mesos::v1::TaskInfo& task, const TaskContext& context);

}  // namespace internal

namespace {

using mesos::v1::TaskInfo;

Try<Nothing> validateTaskResources(const TaskInfo& task)
{
  if (task.resources().empty()) return Error("Task uses no resources");
  Try<Nothing> valid = validateResources(task.resources());
  if (!valid) return Error("Task uses invalid resources: " + valid.error().message);
  const Resources resources(task.resources());
  valid = internal::validateUniquePersistenceId(resources);
  if (!valid) return Error("Task uses duplicate persistence ID: " + valid.error().message);
  valid = internal::validateAllocatedToSingleRole(task.resources());
  if (!valid) return Error("Invalid task resources: " + valid.error().message);
  valid = internal::validateRevocableAndNonRevocable(resources);
  if (!valid) {
    return Error("Task mixes revocable and non-revocable resources: " + valid.error().message);
  }
  return Nothing{};
}

Try<Nothing> validateTaskAndExecutorResources(const TaskInfo& task)
{
  google::protobuf::RepeatedPtrField<mesos::v1::Resource> all = task.resources();
  if (task.has_executor()) all.MergeFrom(task.executor().resources());
  Try<Nothing> valid = validateResources(all);
  if (!valid) return Error("Task and its executor use invalid resources: " + valid.error().message);
  const Resources total(all);
  valid = internal::validateUniquePersistenceId(total);
  if (!valid) {
    return Error("Task and its executor use duplicate persistence ID: " + valid.error().message);
  }
  valid = internal::validateRevocableAndNonRevocable(total);
  if (!valid) {
    return Error("Task and its executor mix revocable and non-revocable resources: " +
                 valid.error().message);
  }
  return Nothing{};
}

void warnBelowMinimum(const TaskInfo& task, const Resources& executorResources)
{
  // As Mesos 1.5: only a warning for a LAUNCH executor (mandatory for task groups).
  std::optional<double> cpus = executorResources.cpus();
  std::optional<double> mem = executorResources.mem();
  if (!cpus || *cpus < internal::kMinExecutorCpus || !mem || *mem < internal::kMinExecutorMemMb) {
    log::warning(
        "Executor '{}' for task '{}' uses less than the minimum of {} cpus and {} MB of memory; "
        "please update your executor",
        task.executor().executor_id().value(), task.task_id().value(), internal::kMinExecutorCpus,
        internal::kMinExecutorMemMb);
  }
}

Try<Nothing> validateTaskExecutor(const TaskInfo& task, const TaskContext& context)
{
  if (task.has_executor() == task.has_command()) {
    return Error(
        "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
  }

  Resources total(task.resources());
  if (task.has_executor()) {
    const mesos::v1::ExecutorInfo& executor = task.executor();
    Try<Nothing> valid = internal::validateExecutorInContext(executor, context);
    if (!valid) return valid;
    if (executor.has_type() && executor.type() != mesos::v1::ExecutorInfo::CUSTOM) {
      return Error("'ExecutorInfo.type' must be 'CUSTOM'");
    }
    if (!executor.has_command()) return Error("'ExecutorInfo.command' must be set");

    const Resources executorResources(executor.resources());
    if (!executorResources.shared().empty()) {
      return Error("Executor resources " + executorResources.toString() +
                   " should not contain any shared resources");
    }
    warnBelowMinimum(task, executorResources);
    bool running = context.knownExecutor && context.knownExecutor(executor.executor_id());
    if (!running) total += executorResources;
  }

  Try<Nothing> valid = validateTaskAndExecutorResources(task);
  if (!valid) return valid;

  if (!context.available.contains(total)) {
    return Error("Total resources " + total.toString() +
                 " required by task and its executor is more than available " +
                 context.available.toString());
  }
  return Nothing{};
}

// As Mesos' master: a health check without a type takes it from its fields.
TaskInfo withHealthCheckType(const TaskInfo& task)
{
  TaskInfo copy = task;
  if (copy.has_health_check() && !copy.health_check().has_type()) {
    auto* check = copy.mutable_health_check();
    if (check->has_command() && !check->has_http()) {
      check->set_type(mesos::v1::HealthCheck::COMMAND);
    } else if (check->has_http() && !check->has_command()) {
      check->set_type(mesos::v1::HealthCheck::HTTP);
    }
  }
  return copy;
}

}  // namespace

Try<Nothing> internal::validateTaskFields(const TaskInfo& given, const TaskContext& context)
{
  const TaskInfo task = withHealthCheckType(given);
  Try<Nothing> valid = validateId(task.task_id().value());
  if (!valid) return valid;
  if (context.taskIdInUse && context.taskIdInUse(task.task_id())) {
    return Error("Task has duplicate ID: " + task.task_id().value());
  }
  if (task.agent_id().value() != context.agent.id().value()) {
    return Error("Task uses invalid agent " + task.agent_id().value() + " while agent " +
                 context.agent.id().value() + " is expected");
  }
  if (task.has_kill_policy() && task.kill_policy().has_grace_period() &&
      task.kill_policy().grace_period().nanoseconds() < 0) {
    return Error("Task's 'kill_policy.grace_period' must be non-negative");
  }
  if (task.has_check()) {
    valid = internal::validateCheckInfo(task.check());
    if (!valid) return Error("Task uses invalid check: " + valid.error().message);
  }
  if (task.has_health_check()) {
    valid = internal::validateHealthCheck(task.health_check());
    if (!valid) return Error("Task uses invalid health check: " + valid.error().message);
  }
  valid = validateTaskResources(task);
  if (!valid) return valid;
  if (task.has_command()) {
    valid = internal::validateCommandInfo(task.command());
    if (!valid) return Error("Task's `CommandInfo` is invalid: " + valid.error().message);
  }
  if (task.has_container()) {
    valid = internal::validateContainerInfo(task.container());
    if (!valid) return Error("Task's `ContainerInfo` is invalid: " + valid.error().message);
  }
  return Nothing{};
}

Try<Nothing> validateTask(const TaskInfo& task, const TaskContext& context)
{
  Try<Nothing> valid = internal::validateTaskFields(task, context);
  if (!valid) return valid;
  return validateTaskExecutor(task, context);
}

}  // namespace nucleus::master::validation
