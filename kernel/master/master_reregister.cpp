// REREGISTER: an agent with an id comes back (after its own restart, a
// disconnection, a master restart, or after it was marked unreachable). Known
// agents are reconciled against what they report; unknown ones are adopted
// with their frameworks, executors and tasks. As Mesos 1.5's reregisterSlave,
// reconcileKnownSlave and __reregisterSlave.

#include "kernel/common/logging.hpp"
#include "kernel/master/master.hpp"
#include "kernel/master/status_updates.hpp"
#include "kernel/master/validation/validation.hpp"

namespace nucleus::master {

namespace {

// Resources a scheduler's tasks hold carry its role as allocation info; older
// agents may leave it out.
Resources allocated(const google::protobuf::RepeatedPtrField<v1::Resource>& resources,
                    const std::string& role)
{
  Resources out;
  for (v1::Resource resource : resources) {
    if (!resource.has_allocation_info()) resource.mutable_allocation_info()->set_role(role);
    out += resource;
  }
  return out;
}

std::string firstRole(const v1::FrameworkInfo& info)
{
  std::set<std::string> roles = validation::frameworkRoles(info);
  return roles.empty() ? "*" : *roles.begin();
}

}  // namespace

http::Response Master::reregisterAgent(const AgentCall::Reregister& call)
{
  if (!call.agent_info().has_id() || call.agent_info().id().value().empty()) {
    return http::Response::badRequest("Expecting 'reregister.agent_info.id' to be present");
  }
  Try<Nothing> valid = Resources::validate(call.agent_info().resources());
  if (!valid) {
    return http::Response::badRequest("Invalid agent resources: " + valid.error().message);
  }
  const std::string agentId = call.agent_info().id().value();
  auto stream = std::make_shared<EventStream>(ContentType::Protobuf, randomUuid());

  Agent* known = agent(agentId);
  if (known != nullptr) {
    Agent& agent = *known;
    bool wasConnected = agent.connected;
    log::info("Agent {} re-registered ({})", agentId,
              wasConnected ? "it was connected" : "it was disconnected");
    agent.info = call.agent_info();
    agent.version = call.version();
    agent.capabilities.assign(call.capabilities().begin(), call.capabilities().end());
    Resources total(call.agent_info().resources());
    attachAgentStream(agent, stream);

    // Tasks the master knows but the agent does not report are gone (Mesos'
    // reconcileKnownSlave), unless they are terminal already.
    std::set<std::pair<std::string, std::string>> reported;
    for (const v1::Task& task : call.tasks()) {
      reported.insert({task.framework_id().value(), task.task_id().value()});
    }
    for (const v1::Task& task : call.completed_tasks()) {
      reported.insert({task.framework_id().value(), task.task_id().value()});
    }
    std::map<std::string, std::set<std::string>> tasks = agent.tasks;
    for (const auto& [frameworkId, taskIds] : tasks) {
      Framework* framework = this->framework(frameworkId);
      if (framework == nullptr) continue;
      for (const std::string& taskId : taskIds) {
        if (reported.count({frameworkId, taskId}) != 0) continue;
        auto it = framework->tasks.find(taskId);
        if (it == framework->tasks.end()) continue;
        if (!isTerminalState(it->second.task.state())) {
          MasterStatus status;
          status.taskId = it->second.task.task_id();
          status.state = framework->partitionAware ? v1::TASK_DROPPED : v1::TASK_LOST;
          status.message = "Task is unknown to the agent";
          status.reason = v1::TaskStatus::REASON_RECONCILIATION;
          status.agentId = agent.id;
          forwardUpdate(*framework, masterStatus(status));
        }
        removeTask(*framework, taskId);
      }
    }
    // Tasks it reports that the master does not know (launched while a
    // message was lost) are adopted.
    adoptReregistered(agent, call);

    if (total != agent.total) {
      agent.total = total;
      v1::AgentID id = agent.id;
      v1::AgentInfo info = agent.info;
      allocator([id, info, total](module::Allocator& a) { a.updateAgent(id, info, total); });
    }
    if (!wasConnected) {
      v1::AgentID id = agent.id;
      allocator([id](module::Allocator& a) { a.activateAgent(id); });
    }
  } else {
    bool wasUnreachable = unreachableAgents_.erase(agentId) != 0;
    log::info("Re-registered agent {} at {}:{}{}", agentId, call.agent_info().hostname(),
              call.agent_info().port(), wasUnreachable ? " (it was unreachable)" : "");
    Agent added;
    added.id = call.agent_info().id();
    added.info = call.agent_info();
    added.version = call.version();
    added.capabilities.assign(call.capabilities().begin(), call.capabilities().end());
    added.total = Resources(call.agent_info().resources());
    added.checkpointed = added.total.filter([](const v1::Resource& r) {
      return Resources::isDynamicallyReserved(r) || Resources::isPersistentVolume(r);
    });
    added.registeredTime = nowSeconds();
    Agent& agent = agents_.emplace(agentId, std::move(added)).first->second;
    attachAgentStream(agent, stream);

    // As Mesos: frameworks that are not partition-aware already heard their
    // tasks there were lost, so the agent shuts them down.
    AgentCall::Reregister adopted = call;
    if (wasUnreachable) {
      adopted.clear_tasks();
      adopted.clear_executors();
      std::set<std::string> shutdown;
      for (const v1::Task& task : call.tasks()) {
        Framework* framework = this->framework(task.framework_id().value());
        if (framework != nullptr && !framework->partitionAware) {
          shutdown.insert(task.framework_id().value());
        } else {
          *adopted.add_tasks() = task;
        }
      }
      for (const v1::ExecutorInfo& executor : call.executors()) {
        if (shutdown.count(executor.framework_id().value()) == 0) {
          *adopted.add_executors() = executor;
        }
      }
      for (const std::string& frameworkId : shutdown) {
        AgentEvent event;
        event.set_type(AgentEvent::SHUTDOWN_FRAMEWORK);
        event.mutable_shutdown_framework()->mutable_framework_id()->set_value(frameworkId);
        sendToAgent(agent, event);
      }
    }
    adoptReregistered(agent, adopted);

    v1::AgentID id = agent.id;
    v1::AgentInfo info = agent.info;
    Resources total = agent.total;
    std::map<std::string, Resources> used = agent.usedByFramework;
    allocator([id, info, total, used](module::Allocator& a) {
      a.addAgent(id, info, std::nullopt, total, used);
    });
  }

  Agent& agent = agents_.at(agentId);
  // Frameworks that were removed meanwhile are shut down there.
  for (const v1::FrameworkInfo& info : call.frameworks()) {
    if (completedFrameworks_.count(info.id().value()) != 0) {
      AgentEvent event;
      event.set_type(AgentEvent::SHUTDOWN_FRAMEWORK);
      *event.mutable_shutdown_framework()->mutable_framework_id() = info.id();
      sendToAgent(agent, event);
    }
  }

  AgentEvent reregistered;
  reregistered.set_type(AgentEvent::REREGISTERED);
  *reregistered.mutable_registered()->mutable_agent_id() = agent.id;
  *reregistered.mutable_registered()->mutable_master_info() = info_;
  reregistered.mutable_registered()->set_ping_interval_seconds(settings_.agentPingTimeout.secs());
  sendToAgent(agent, reregistered);
  pingAgent(agentId);
  return stream->response();
}

void Master::adoptReregistered(Agent& agent, const AgentCall::Reregister& call)
{
  // Frameworks the master does not know (it restarted) are added inactive
  // until their schedulers subscribe again.
  for (const v1::FrameworkInfo& info : call.frameworks()) {
    const std::string frameworkId = info.id().value();
    if (frameworks_.count(frameworkId) != 0 || completedFrameworks_.count(frameworkId) != 0) {
      continue;
    }
    Framework added;
    added.id = info.id();
    added.info = info;
    added.roles = validation::frameworkRoles(info);
    for (const auto& capability : info.capabilities()) {
      if (capability.type() == v1::FrameworkInfo::Capability::PARTITION_AWARE) {
        added.partitionAware = true;
      }
    }
    added.registeredTime = nowSeconds();
    Framework& framework = frameworks_.emplace(frameworkId, std::move(added)).first->second;
    log::info("Recovered framework {} from agent {}", frameworkId, agent.id.value());
    v1::FrameworkID id = framework.id;
    std::set<std::string> suppressed;
    allocator([id, info, suppressed](module::Allocator& a) {
      a.addFramework(id, info, {}, false, suppressed);
    });
  }

  for (const v1::ExecutorInfo& executor : call.executors()) {
    const std::string frameworkId = executor.framework_id().value();
    Framework* framework = this->framework(frameworkId);
    if (framework == nullptr) continue;
    const std::string executorId = executor.executor_id().value();
    if (agent.executors[frameworkId].count(executorId) != 0) continue;
    v1::ExecutorInfo adopted = executor;
    Resources resources = allocated(executor.resources(), firstRole(framework->info));
    adopted.clear_resources();
    resources.copyTo(adopted.mutable_resources());
    agent.executors[frameworkId][executorId] = adopted;
    framework->executors[agent.id.value()][executorId] = adopted;
    agent.usedByFramework[frameworkId] += resources;
  }

  for (const v1::Task& task : call.tasks()) {
    const std::string frameworkId = task.framework_id().value();
    Framework* framework = this->framework(frameworkId);
    if (framework == nullptr || framework->tasks.count(task.task_id().value()) != 0) continue;
    TaskEntry entry;
    entry.task = task;
    *entry.task.mutable_agent_id() = agent.id;
    entry.resources = allocated(task.resources(), firstRole(framework->info));
    if (task.has_status_update_state()) entry.statusUpdateState = task.status_update_state();
    if (task.has_status_update_uuid()) entry.statusUpdateUuid = task.status_update_uuid();
    agent.tasks[frameworkId].insert(task.task_id().value());
    if (isTerminalState(task.state())) {
      entry.resourcesRecovered = true;
    } else {
      agent.usedByFramework[frameworkId] += entry.resources;
    }
    framework->tasks[task.task_id().value()] = std::move(entry);
  }
  for (const v1::Task& task : call.completed_tasks()) {
    Framework* framework = this->framework(task.framework_id().value());
    if (framework == nullptr || framework->tasks.count(task.task_id().value()) != 0) continue;
    framework->completedTasks.push_back(task);
  }
}

}  // namespace nucleus::master
