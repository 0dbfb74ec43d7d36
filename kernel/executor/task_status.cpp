#include "kernel/executor/task_status.hpp"

#include <sys/wait.h>

#include <chrono>
#include <cstring>
#include <random>

namespace nucleus::executor {

std::string randomUuid()
{
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::string bytes(16, '\0');
  for (size_t i = 0; i < bytes.size(); i += 8) {
    uint64_t value = generator();
    std::memcpy(bytes.data() + i, &value, 8);
  }
  bytes[6] = static_cast<char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return bytes;
}

double nowSeconds()
{
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

bool isTerminalState(mesos::v1::TaskState state)
{
  using namespace mesos::v1;
  switch (state) {
    case TASK_FINISHED:
    case TASK_FAILED:
    case TASK_KILLED:
    case TASK_LOST:
    case TASK_ERROR:
    case TASK_DROPPED:
    case TASK_GONE:
    case TASK_GONE_BY_OPERATOR:
      return true;
    default:
      return false;
  }
}

mesos::v1::TaskStatus makeTaskStatus(const mesos::v1::TaskID& taskId, mesos::v1::TaskState state,
                                     std::optional<std::string> message)
{
  mesos::v1::TaskStatus status;
  *status.mutable_task_id() = taskId;
  status.set_state(state);
  if (message) status.set_message(*message);
  return status;
}

std::string describeWaitStatus(int status)
{
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    std::string text = std::string("terminated with signal ") + ::strsignal(WTERMSIG(status));
    if (WCOREDUMP(status)) text += " (core dumped)";
    return text;
  }
  if (WIFSTOPPED(status)) return std::string("stopped on signal ") + ::strsignal(WSTOPSIG(status));
  return "wait status " + std::to_string(status);
}

Duration killGracePeriod(const mesos::v1::KillPolicy* fromKill, const mesos::v1::TaskInfo& task)
{
  if (fromKill != nullptr && fromKill->has_grace_period()) {
    return Duration::nanoseconds(fromKill->grace_period().nanoseconds());
  }
  if (task.has_kill_policy() && task.kill_policy().has_grace_period()) {
    return Duration::nanoseconds(task.kill_policy().grace_period().nanoseconds());
  }
  return kDefaultKillGracePeriod;
}

bool hasTaskKillingState(const mesos::v1::FrameworkInfo& framework)
{
  for (const auto& capability : framework.capabilities()) {
    if (capability.type() == mesos::v1::FrameworkInfo::Capability::TASK_KILLING_STATE) return true;
  }
  return false;
}

}  // namespace nucleus::executor
