// LAUNCH_GROUP checks as Mesos 1.5's task::group::validate.
#include <sstream>

#include "kernel/master/validation/validation_internal.hpp"

namespace nucleus::master::validation {

namespace internal {
Try<Nothing> validateTaskFields(const mesos::v1::TaskInfo& task, const TaskContext& context);
}  // namespace internal

namespace {

using mesos::v1::ExecutorInfo;
using mesos::v1::TaskInfo;

constexpr double kMinExecutorCpus = 0.01;
constexpr double kMinExecutorMemMb = 32;

std::string doubleText(double value)
{
  std::ostringstream out;
  out << value;
  return out.str();
}

// stout's Bytes text for Megabytes(uint64(mb)): the largest unit without loss.
std::string megabytesText(double mb)
{
  auto megabytes = static_cast<std::uint64_t>(mb);
  if (megabytes == 0) return "0B";
  if (megabytes % 1024 != 0) return std::to_string(megabytes) + "MB";
  if (megabytes % (1024 * 1024) != 0) return std::to_string(megabytes / 1024) + "GB";
  return std::to_string(megabytes / (1024 * 1024)) + "TB";
}

Try<Nothing> validateGroupTask(const TaskInfo& task, const TaskContext& context)
{
  Try<Nothing> valid = internal::validateTaskFields(task, context);
  if (!valid) return valid;
  if (!task.has_executor()) return Error("'TaskInfo.executor' must be set");
  if (task.has_container()) {
    if (task.container().network_infos_size() > 0) {
      return Error("NetworkInfos must not be set on the task");
    }
    if (task.container().type() == mesos::v1::ContainerInfo::DOCKER) {
      return Error("Docker ContainerInfo is not supported on the task");
    }
  }
  return Nothing{};
}

Try<Nothing> validateGroupResources(const mesos::v1::TaskGroupInfo& group,
                                    const ExecutorInfo& executor)
{
  Resources total(executor.resources());
  for (const TaskInfo& task : group.tasks()) total += Resources(task.resources());
  Try<Nothing> valid = internal::validateUniquePersistenceId(total);
  if (!valid) {
    return Error("Task group and executor use duplicate persistence ID: " + valid.error().message);
  }
  valid = internal::validateRevocableAndNonRevocable(total);
  if (!valid) {
    return Error("Task group and executor mix revocable and non-revocable resources: " +
                 valid.error().message);
  }
  return Nothing{};
}

Try<Nothing> validateGroupExecutor(const mesos::v1::TaskGroupInfo& group,
                                   const ExecutorInfo& executor, const TaskContext& context)
{
  Try<Nothing> valid = internal::validateExecutorInContext(executor, context);
  if (!valid) return valid;
  if (!executor.has_type()) return Error("'ExecutorInfo.type' must be set");
  if (executor.type() == ExecutorInfo::UNKNOWN) return Error("Unknown executor type");
  if (executor.has_container() && executor.container().type() == mesos::v1::ContainerInfo::DOCKER) {
    return Error("Docker ContainerInfo is not supported on the executor");
  }

  const std::string executorId = executor.executor_id().value();
  for (const TaskInfo& task : group.tasks()) {
    if (task.has_executor() &&
        !internal::sameExecutor(internal::withFrameworkId(task.executor(), context.framework),
                                executor)) {
      return Error("The `ExecutorInfo` of task '" + task.task_id().value() +
                   "' is different from executor '" + executorId + "'");
    }
  }

  const Resources executorResources(executor.resources());
  std::optional<double> cpus = executorResources.cpus();
  if (!cpus || *cpus < kMinExecutorCpus) {
    return Error("Executor '" + executorId + "' uses less CPUs (" +
                 (cpus ? doubleText(*cpus) : "None") + ") than the minimum required (" +
                 doubleText(kMinExecutorCpus) + ")");
  }
  std::optional<double> mem = executorResources.mem();
  if (!mem || *mem < kMinExecutorMemMb) {
    return Error("Executor '" + executorId + "' uses less memory (" +
                 (mem ? megabytesText(*mem) : "None") + ") than the minimum required (" +
                 megabytesText(kMinExecutorMemMb) + ")");
  }
  if (!executorResources.disk()) return Error("Executor '" + executorId + "' uses no disk");

  valid = validateGroupResources(group, executor);
  if (!valid) return valid;

  Resources total;
  for (const TaskInfo& task : group.tasks()) total += Resources(task.resources());
  bool running = context.knownExecutor && context.knownExecutor(executor.executor_id());
  if (!running) total += executorResources;
  if (!context.available.contains(total)) {
    return Error("Total resources " + total.toString() +
                 " required by task group and its executor are more than available " +
                 context.available.toString());
  }

  if (executor.has_command()) {
    valid = internal::validateCommandInfo(executor.command());
    if (!valid) {
      // (Mesos' text has no space before "contains".)
      return Error("Executor '" + executorId +
                   "'contains an invalid command: " + valid.error().message);
    }
  }
  return Nothing{};
}

}  // namespace

Try<Nothing> validateTaskGroup(const mesos::v1::TaskGroupInfo& group,
                               const ExecutorInfo& givenExecutor, const TaskContext& context)
{
  // As Mesos' master: the group's executor stands in for a task's missing one.
  const ExecutorInfo executor = internal::withFrameworkId(givenExecutor, context.framework);
  for (const TaskInfo& given : group.tasks()) {
    TaskInfo task = given;
    if (!task.has_executor()) *task.mutable_executor() = executor;
    Try<Nothing> valid = validateGroupTask(task, context);
    if (!valid) {
      return Error("Task '" + task.task_id().value() + "' is invalid: " + valid.error().message);
    }
  }
  return validateGroupExecutor(group, executor, context);
}

}  // namespace nucleus::master::validation
