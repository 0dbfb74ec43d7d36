#include "kernel/agent/task_status.hpp"

#include <chrono>

#include "kernel/agent/ids.hpp"

namespace nucleus::agent {

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

double nowSeconds()
{
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

mesos::v1::TaskStatus makeAgentStatus(const AgentStatus& input, const mesos::v1::AgentID& agentId)
{
  mesos::v1::TaskStatus status;
  *status.mutable_task_id() = input.taskId;
  status.set_state(input.state);
  status.set_source(mesos::v1::TaskStatus::SOURCE_AGENT);
  status.set_uuid(randomUuidBytes());
  status.set_timestamp(nowSeconds());
  if (!input.message.empty()) status.set_message(input.message);
  if (input.reason) status.set_reason(*input.reason);
  if (input.executorId) *status.mutable_executor_id() = *input.executorId;
  *status.mutable_agent_id() = agentId;
  return status;
}

}  // namespace nucleus::agent
