// Agents over the agent protocol: REGISTER and REREGISTER (a stream of
// AgentEvents), PING/PONG health checks, a closed stream (disconnected), too
// many missed pings (unreachable), UNREGISTER, and the calls an agent makes.
// As Mesos 1.5's registerSlave, reregisterSlave, SlaveObserver, disconnect,
// markUnreachable and __removeSlave.

#include "kernel/common/logging.hpp"
#include "kernel/master/master.hpp"
#include "kernel/master/status_updates.hpp"

namespace nucleus::master {

http::Response Master::agentSubscribe(const AgentCall& call)
{
  if (!ready()) return http::Response::serviceUnavailable("Master has not finished recovery");
  if (call.type() == AgentCall::REGISTER) {
    if (!call.has_register_()) return http::Response::badRequest("Expecting 'register' to be present");
    return registerAgent(call.register_());
  }
  if (!call.has_reregister()) return http::Response::badRequest("Expecting 'reregister' to be present");
  return reregisterAgent(call.reregister());
}

http::Response Master::registerAgent(const AgentCall::Register& call)
{
  Agent added;
  added.id.set_value(ids_->nextAgent());
  added.info = call.agent_info();
  *added.info.mutable_id() = added.id;
  added.version = call.version();
  added.capabilities.assign(call.capabilities().begin(), call.capabilities().end());
  Try<Nothing> valid = Resources::validate(added.info.resources());
  if (!valid) {
    return http::Response::badRequest("Invalid agent resources: " + valid.error().message);
  }
  added.total = Resources(added.info.resources());
  added.registeredTime = nowSeconds();

  const std::string agentId = added.id.value();
  Agent& agent = agents_.emplace(agentId, std::move(added)).first->second;
  log::info("Registered agent {} at {}:{} with {}", agentId, agent.info.hostname(),
            agent.info.port(), agent.total.toString());

  auto stream = std::make_shared<EventStream>(ContentType::Protobuf, randomUuid());
  attachAgentStream(agent, stream);

  AgentEvent registered;
  registered.set_type(AgentEvent::REGISTERED);
  *registered.mutable_registered()->mutable_agent_id() = agent.id;
  *registered.mutable_registered()->mutable_master_info() = info_;
  registered.mutable_registered()->set_ping_interval_seconds(settings_.agentPingTimeout.secs());
  sendToAgent(agent, registered);

  v1::AgentID id = agent.id;
  v1::AgentInfo info = agent.info;
  Resources total = agent.total;
  allocator([id, info, total](module::Allocator& a) {
    a.addAgent(id, info, std::nullopt, total, {});
  });
  pingAgent(agentId);
  return stream->response();
}

void Master::attachAgentStream(Agent& agent, std::shared_ptr<EventStream> stream)
{
  if (agent.stream && agent.stream->streamId() != stream->streamId()) agent.stream->close();
  agent.stream = stream;
  agent.connected = true;
  agent.pongSinceLastPing = true;
  agent.missedPings = 0;
  std::string agentId = agent.id.value();
  std::string streamId = stream->streamId();
  stream->onClosed(defer([this, agentId, streamId]() { agentStreamClosed(agentId, streamId); }));
}

void Master::agentStreamClosed(const std::string& agentId, const std::string& streamId)
{
  Agent* found = agent(agentId);
  if (found == nullptr || !found->stream || found->stream->streamId() != streamId) return;
  if (finalized_) return;
  log::info("Agent {} disconnected", agentId);
  Agent& agent = *found;
  agent.stream.reset();
  agent.connected = false;

  v1::AgentID id = agent.id;
  allocator([id](module::Allocator& a) { a.deactivateAgent(id); });
  rescindAgentOffers(agent);

  // As Mesos' disconnect(Slave*): tasks of frameworks that do not checkpoint
  // cannot survive an agent restart, so they are lost now.
  std::vector<std::string> frameworkIds;
  for (const auto& [frameworkId, tasks] : agent.tasks) frameworkIds.push_back(frameworkId);
  for (const std::string& frameworkId : frameworkIds) {
    Framework* framework = this->framework(frameworkId);
    if (framework == nullptr || framework->info.checkpoint()) continue;
    std::set<std::string> taskIds = agent.tasks[frameworkId];
    for (const std::string& taskId : taskIds) {
      auto it = framework->tasks.find(taskId);
      if (it == framework->tasks.end()) continue;
      MasterStatus status;
      status.taskId = it->second.task.task_id();
      status.state = v1::TASK_LOST;
      status.message = "Agent " + agent.info.hostname() + " disconnected";
      status.reason = v1::TaskStatus::REASON_AGENT_DISCONNECTED;
      status.agentId = agent.id;
      if (it->second.task.has_executor_id()) status.executorId = it->second.task.executor_id();
      it->second.task.set_state(v1::TASK_LOST);
      forwardUpdate(*framework, masterStatus(status));
      removeTask(*framework, taskId);
    }
    auto executors = agent.executors.find(frameworkId);
    if (executors != agent.executors.end()) {
      std::vector<std::string> executorIds;
      for (const auto& [executorId, info] : executors->second) executorIds.push_back(executorId);
      for (const std::string& executorId : executorIds) {
        removeExecutor(agent, frameworkId, executorId);
      }
    }
  }
}

void Master::pingAgent(const std::string& agentId)
{
  Agent* found = agent(agentId);
  if (found == nullptr) return;
  Agent& agent = *found;
  if (!agent.pongSinceLastPing) {
    ++agent.missedPings;
    log::debug("Agent {} missed a ping ({} of {})", agentId, agent.missedPings,
               settings_.maxAgentPingTimeouts);
    if (agent.missedPings >= settings_.maxAgentPingTimeouts) {
      markUnreachable(agentId, "health check timed out");
      return;
    }
  }
  AgentEvent ping;
  ping.set_type(AgentEvent::PING);
  sendToAgent(agent, ping);
  agent.pongSinceLastPing = false;
  agent.ping.cancel();
  agent.ping = delay(settings_.agentPingTimeout.chrono(), [this, agentId]() { pingAgent(agentId); });
}

void Master::markUnreachable(const std::string& agentId, const std::string& message)
{
  Agent* found = agent(agentId);
  if (found == nullptr) return;
  log::info("Marking agent {} unreachable: {}", agentId, message);
  double now = nowSeconds();
  unreachableAgents_[agentId] = now;
  removeAgentState(*found, v1::TASK_LOST, v1::TASK_UNREACHABLE,
                   v1::TaskStatus::REASON_AGENT_REMOVED, message, now);
}

void Master::unregisterAgent(Agent& agent)
{
  log::info("Agent {} unregistered", agent.id.value());
  if (agent.stream) agent.stream->close();
  removeAgentState(agent, v1::TASK_LOST, v1::TASK_GONE_BY_OPERATOR,
                   v1::TaskStatus::REASON_AGENT_REMOVED_BY_OPERATOR, "agent unregistered",
                   std::nullopt);
}

void Master::removeAgentState(Agent& agent, v1::TaskState lostState, v1::TaskState awareState,
                              v1::TaskStatus::Reason awareReason, const std::string& message,
                              std::optional<double> unreachableTime)
{
  const std::string agentId = agent.id.value();
  agent.ping.cancel();
  v1::AgentID id = agent.id;
  // As Mesos: the allocator forgets the agent first, so nothing is re-offered.
  allocator([id](module::Allocator& a) { a.removeAgent(id); });

  std::map<std::string, std::set<std::string>> tasks = agent.tasks;
  for (const auto& [frameworkId, taskIds] : tasks) {
    Framework* framework = this->framework(frameworkId);
    if (framework == nullptr) continue;
    for (const std::string& taskId : taskIds) {
      auto it = framework->tasks.find(taskId);
      if (it == framework->tasks.end()) continue;
      MasterStatus status;
      status.taskId = it->second.task.task_id();
      status.state = framework->partitionAware ? awareState : lostState;
      status.reason = framework->partitionAware ? awareReason : v1::TaskStatus::REASON_AGENT_REMOVED;
      status.message = message;
      status.agentId = agent.id;
      if (it->second.task.has_executor_id()) status.executorId = it->second.task.executor_id();
      status.unreachableTime = unreachableTime;
      bool wasTerminal = isTerminalState(it->second.task.state());
      it->second.task.set_state(status.state);
      if (!wasTerminal) forwardUpdate(*framework, masterStatus(status));
      removeTask(*framework, taskId);
    }
  }
  std::map<std::string, std::map<std::string, v1::ExecutorInfo>> executors = agent.executors;
  for (const auto& [frameworkId, byId] : executors) {
    for (const auto& [executorId, info] : byId) removeExecutor(agent, frameworkId, executorId);
  }
  rescindAgentOffers(agent);

  // As Mesos' sendSlaveLost: every framework hears of the lost agent.
  SchedulerEvent failure;
  failure.set_type(SchedulerEvent::FAILURE);
  *failure.mutable_failure()->mutable_agent_id() = agent.id;
  for (auto& [frameworkId, framework] : frameworks_) sendToFramework(framework, failure);

  agents_.erase(agentId);
}

void Master::executorExited(Agent& agent, const AgentCall::ExecutorExited& exited)
{
  const std::string frameworkId = exited.framework_id().value();
  log::info("Executor {} of framework {} on agent {} exited with status {}",
            exited.executor_id().value(), frameworkId, agent.id.value(), exited.status());
  removeExecutor(agent, frameworkId, exited.executor_id().value());

  Framework* framework = this->framework(frameworkId);
  if (framework == nullptr) return;
  SchedulerEvent event;
  event.set_type(SchedulerEvent::FAILURE);
  *event.mutable_failure()->mutable_agent_id() = agent.id;
  *event.mutable_failure()->mutable_executor_id() = exited.executor_id();
  if (exited.has_status()) event.mutable_failure()->set_status(exited.status());
  sendToFramework(*framework, event);
}

void Master::executorMessage(Agent& agent, const AgentCall::FrameworkMessage& message)
{
  Framework* framework = this->framework(message.framework_id().value());
  if (framework == nullptr || !framework->active) {
    log::warning("Dropping executor message for framework {}: it is not connected",
                 message.framework_id().value());
    return;
  }
  SchedulerEvent event;
  event.set_type(SchedulerEvent::MESSAGE);
  *event.mutable_message()->mutable_agent_id() = agent.id;
  *event.mutable_message()->mutable_executor_id() = message.executor_id();
  event.mutable_message()->set_data(message.data());
  sendToFramework(*framework, event);
}

}  // namespace nucleus::master
