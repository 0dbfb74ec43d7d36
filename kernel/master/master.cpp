// The Master actor's life cycle, lookups and the ways it sends events.

#include "kernel/master/master.hpp"

#include "kernel/common/logging.hpp"

namespace nucleus::master {

Master::Master(Runtime& runtime, MasterSettings settings)
    : Actor(runtime, "master"), settings_(std::move(settings))
{
}

void Master::initialize(v1::MasterInfo info, std::shared_ptr<AllocatorHost> allocator)
{
  info_ = std::move(info);
  ids_ = std::make_unique<IdGenerator>(info_.id());
  allocator_ = std::move(allocator);
  log::info("Master {} ({}) started on {}:{}", info_.id(), info_.hostname(),
            info_.address().ip(), info_.port());
}

void Master::finalize()
{
  finalized_ = true;
  for (auto& [id, framework] : frameworks_) {
    framework.heartbeat.cancel();
    framework.failover.cancel();
    for (auto& [operationId, operation] : framework.operations) operation.retry.cancel();
    if (framework.stream) framework.stream->close();
  }
  for (auto& [id, agent] : agents_) {
    agent.ping.cancel();
    if (agent.stream) agent.stream->close();
  }
  for (auto& [id, offer] : offers_) offer.timeout.cancel();
  if (allocator_) allocator_->shutdown();
  allocator_.reset();
}

MasterCounts Master::counts() const
{
  MasterCounts counts;
  counts.frameworks = frameworks_.size();
  for (const auto& [id, framework] : frameworks_) {
    if (framework.active) ++counts.activeFrameworks;
    counts.tasks += framework.tasks.size();
  }
  counts.agents = agents_.size();
  for (const auto& [id, agent] : agents_) {
    if (agent.connected) ++counts.connectedAgents;
  }
  counts.unreachableAgents = unreachableAgents_.size();
  counts.offers = offers_.size();
  return counts;
}

Framework* Master::framework(const std::string& id)
{
  auto it = frameworks_.find(id);
  return it == frameworks_.end() ? nullptr : &it->second;
}

Agent* Master::agent(const std::string& id)
{
  auto it = agents_.find(id);
  return it == agents_.end() ? nullptr : &it->second;
}

void Master::sendToFramework(Framework& framework, const SchedulerEvent& event)
{
  if (!framework.stream) {
    log::debug("Dropping {} event for disconnected framework {}",
               SchedulerEvent::Type_Name(event.type()), framework.id.value());
    return;
  }
  if (!framework.stream->send(event)) {
    log::debug("Dropping {} event for framework {}: its stream has ended",
               SchedulerEvent::Type_Name(event.type()), framework.id.value());
  }
}

void Master::sendToAgent(Agent& agent, const AgentEvent& event)
{
  if (!agent.stream || !agent.connected) {
    log::debug("Dropping {} event for disconnected agent {}", AgentEvent::Type_Name(event.type()),
               agent.id.value());
    return;
  }
  agent.stream->send(event);
}

void Master::forwardUpdate(Framework& framework, const v1::TaskStatus& status)
{
  if (!framework.active) {
    log::info("Dropping {} update of task {} for disconnected framework {}",
              v1::TaskState_Name(status.state()), status.task_id().value(), framework.id.value());
    return;
  }
  SchedulerEvent event;
  event.set_type(SchedulerEvent::UPDATE);
  *event.mutable_update()->mutable_status() = status;
  sendToFramework(framework, event);
}

void Master::allocator(std::function<void(module::Allocator&)> call)
{
  if (allocator_) allocator_->post(std::move(call));
}

}  // namespace nucleus::master
