#include "kernel/master/status_updates.hpp"

#include <chrono>
#include <cmath>

namespace nucleus::master {

double nowSeconds()
{
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

mesos::v1::TaskStatus masterStatus(const MasterStatus& status)
{
  mesos::v1::TaskStatus out;
  *out.mutable_task_id() = status.taskId;
  out.set_state(status.state);
  out.set_source(mesos::v1::TaskStatus::SOURCE_MASTER);
  if (!status.message.empty()) out.set_message(status.message);
  if (status.reason) out.set_reason(*status.reason);
  if (status.agentId) *out.mutable_agent_id() = *status.agentId;
  if (status.executorId) *out.mutable_executor_id() = *status.executorId;
  out.set_timestamp(nowSeconds());
  if (status.unreachableTime) {
    double seconds = *status.unreachableTime;
    out.mutable_unreachable_time()->set_nanoseconds(
        static_cast<int64_t>(std::llround(seconds * 1e9)));
  }
  return out;
}

bool isTerminalState(mesos::v1::TaskState state)
{
  switch (state) {
    case mesos::v1::TASK_FINISHED:
    case mesos::v1::TASK_FAILED:
    case mesos::v1::TASK_KILLED:
    case mesos::v1::TASK_LOST:
    case mesos::v1::TASK_ERROR:
    case mesos::v1::TASK_DROPPED:
    case mesos::v1::TASK_GONE:
    case mesos::v1::TASK_GONE_BY_OPERATOR:
      return true;
    default:
      return false;
  }
}

}  // namespace nucleus::master
