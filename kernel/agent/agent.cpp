// The agent: start/stop, registration with the master and the dispatch of the
// master's events. See agent.hpp for how the rest is split.

#include "kernel/agent/agent.hpp"

#include <random>

#include "kernel/agent/paths.hpp"
#include "kernel/common/logging.hpp"
#include "kernel/common/version.hpp"

namespace nucleus::agent {

using nucleus::internal::AgentCall;
using nucleus::internal::AgentEvent;

Agent::Agent(Runtime& runtime, AgentOptions options, std::shared_ptr<Containerizer> containerizer)
    : Actor(runtime, "agent"),
      options_(std::move(options)),
      containerizer_(std::move(containerizer)),
      link_(runtime, options_.master),
      info_(options_.info),
      backoff_(options_.settings.registrationBackoffFactor)
{
}

void Agent::start()
{
  updates_ = spawn<StatusUpdateManager>(
      runtime(), options_.settings.statusUpdateRetryInterval,
      options_.settings.statusUpdateRetryIntervalMax,
      defer([this](AgentCall::StatusUpdate update) { forwardUpdate(std::move(update)); }));
  // Nothing goes to the master before it has registered us.
  send(updates_, [](StatusUpdateManager& manager) { manager.pause(); });
  log::info("Agent starting: registering with the master at {}", options_.master.toString());
  doRegister();
}

Future<Nothing> Agent::stop()
{
  log::info("Agent stopping: shutting down every executor");
  state_ = State::Terminating;
  registrationTimer_.cancel();
  for (auto& [id, framework] : frameworks_) {
    for (auto& [executorId, executor] : framework->executors) {
      if (executor->state == Executor::State::Registering ||
          executor->state == Executor::State::Running) {
        shutdownExecutor(*framework, *executor);
      }
    }
  }
  Promise<Nothing> done;
  stopped_.push_back(done);
  // Executors are destroyed after their grace period; never wait much longer.
  delay((options_.settings.executorShutdownGracePeriod + Duration::seconds(5)).chrono(),
        [this] { finishStop(true); });
  finishStop(false);
  return done.future();
}

void Agent::finishStop(bool force)
{
  if (stopped_.empty()) return;
  if (!force) {
    for (const auto& [id, framework] : frameworks_) {
      for (const auto& [executorId, executor] : framework->executors) {
        if (executor->state != Executor::State::Terminated) return;
      }
    }
  }
  log::info("Agent stopped");
  link_.disconnect();
  for (auto& waiter : stopped_) waiter.set(Nothing{});
  stopped_.clear();
}

// --- Registration ---

AgentCall Agent::registrationCall() const
{
  AgentCall call;
  auto addCapabilities = [](auto* message) {
    using Capability = mesos::v1::AgentInfo::Capability;
    for (auto type : {Capability::MULTI_ROLE, Capability::HIERARCHICAL_ROLE,
                      Capability::RESERVATION_REFINEMENT}) {
      message->add_capabilities()->set_type(type);
    }
  };
  if (!info_.has_id()) {
    call.set_type(AgentCall::REGISTER);
    auto* registration = call.mutable_register_();
    *registration->mutable_agent_info() = info_;
    registration->set_version(std::string(nucleusVersion()));
    addCapabilities(registration);
    return call;
  }

  call.set_type(AgentCall::REREGISTER);
  *call.mutable_agent_id() = info_.id();
  auto* reregistration = call.mutable_reregister();
  *reregistration->mutable_agent_info() = info_;
  reregistration->set_version(std::string(nucleusVersion()));
  addCapabilities(reregistration);
  for (const auto& [frameworkId, framework] : frameworks_) {
    *reregistration->add_frameworks() = framework->info;
    for (const auto& [executorId, executor] : framework->executors) {
      // As Mesos: the master does not track command executors.
      if (!executor->commandExecutor) *reregistration->add_executors() = executor->info;
      for (const auto& task : executor->queuedTasks) {
        *reregistration->add_tasks() =
            makeTask(task, mesos::v1::TASK_STAGING, framework->id(), info_.id());
      }
      for (const auto& [taskId, task] : executor->launchedTasks) {
        *reregistration->add_tasks() = task;
      }
      for (const auto& [taskId, task] : executor->terminatedTasks) {
        *reregistration->add_tasks() = task;
      }
      for (const auto& task : executor->completedTasks) {
        *reregistration->add_completed_tasks() = task;
      }
    }
  }
  return call;
}

void Agent::doRegister()
{
  if (state_ == State::Terminating) return;
  state_ = State::Registering;
  AgentCall call = registrationCall();
  log::info("{} with the master at {}",
            call.type() == AgentCall::REGISTER ? "Registering" : "Re-registering",
            options_.master.toString());
  MasterLink::Callbacks callbacks;
  callbacks.onConnected = defer([this](uint64_t generation, std::string streamId) {
    onConnected(generation, std::move(streamId));
  });
  callbacks.onEvent = defer([this](uint64_t generation, AgentEvent event) {
    onMasterEvent(generation, std::move(event));
  });
  callbacks.onClosed = defer([this](uint64_t generation, std::string reason) {
    onMasterClosed(generation, std::move(reason));
  });
  link_.connect(call, std::move(callbacks));
}

void Agent::onConnected(uint64_t generation, std::string streamId)
{
  if (generation != link_.generation()) return;
  link_.setStreamId(std::move(streamId));
}

void Agent::onMasterClosed(uint64_t generation, std::string reason)
{
  if (generation != link_.generation() || state_ == State::Terminating) return;
  log::warning("Lost the master: {}", reason);
  link_.disconnect();
  state_ = State::Disconnected;
  send(updates_, [](StatusUpdateManager& manager) { manager.pause(); });
  scheduleRegistration();
}

void Agent::scheduleRegistration()
{
  // As Mesos: a random wait below a bound that doubles with every failure.
  static thread_local std::mt19937_64 random{std::random_device{}()};
  int64_t bound = std::max<int64_t>(backoff_.ns(), 1);
  Duration wait = Duration::nanoseconds(std::uniform_int_distribution<int64_t>(0, bound)(random));
  backoff_ = std::min(backoff_ * 2, options_.settings.registrationBackoffMax);
  log::info("Retrying registration in {}", wait.toString());
  registrationTimer_.cancel();
  registrationTimer_ = delay(wait.chrono(), [this] { doRegister(); });
}

void Agent::handleRegistered(const AgentEvent& event)
{
  const mesos::v1::AgentID& id = event.registered().agent_id();
  if (info_.has_id() && info_.id().value() != id.value()) {
    // The master no longer knows us: what ran under the old id is gone for it.
    log::error(
        "The master registered this agent as {} instead of {}; shutting down the "
        "executors of the old agent",
        id.value(), info_.id().value());
    std::vector<mesos::v1::FrameworkID> ids;
    for (const auto& [frameworkId, framework] : frameworks_) ids.push_back(framework->id());
    for (const auto& frameworkId : ids) shutdownFramework(frameworkId);
  }
  bool first = !info_.has_id() || info_.id().value() != id.value();
  *info_.mutable_id() = id;
  state_ = State::Running;
  backoff_ = options_.settings.registrationBackoffFactor;
  if (first) {
    std::error_code ec;
    std::filesystem::create_directories(paths::agentDirectory(options_.workDir, id.value()), ec);
    log::info("Registered with the master as agent {}", id.value());
  } else {
    log::info("Re-registered with the master as agent {}", id.value());
  }
  send(updates_, [](StatusUpdateManager& manager) { manager.resume(); });
}

void Agent::onMasterEvent(uint64_t generation, AgentEvent event)
{
  if (generation != link_.generation() || state_ == State::Terminating) return;
  log::debug("Event from the master: {}", AgentEvent::Type_Name(event.type()));

  if (state_ != State::Running && event.type() != AgentEvent::REGISTERED &&
      event.type() != AgentEvent::REREGISTERED) {
    log::warning("Ignoring {} from the master before registration completed",
                 AgentEvent::Type_Name(event.type()));
    return;
  }

  switch (event.type()) {
    case AgentEvent::REGISTERED:
    case AgentEvent::REREGISTERED:
      handleRegistered(event);
      break;
    case AgentEvent::PING: {
      AgentCall pong;
      pong.set_type(AgentCall::PONG);
      sendToMaster(std::move(pong));
      break;
    }
    case AgentEvent::RUN_TASK:
    case AgentEvent::RUN_TASK_GROUP:
      runTask(event.run_task());
      break;
    case AgentEvent::KILL_TASK:
      killTask(event.kill_task());
      break;
    case AgentEvent::SHUTDOWN_EXECUTOR: {
      Framework* framework = this->framework(event.shutdown_executor().framework_id());
      Executor* executor =
          framework ? framework->executor(event.shutdown_executor().executor_id().value())
                    : nullptr;
      if (executor == nullptr) {
        log::warning("Cannot shut down unknown executor '{}' of framework {}",
                     event.shutdown_executor().executor_id().value(),
                     event.shutdown_executor().framework_id().value());
      } else if (executor->state == Executor::State::Registering ||
                 executor->state == Executor::State::Running) {
        shutdownExecutor(*framework, *executor);
      }
      break;
    }
    case AgentEvent::SHUTDOWN_FRAMEWORK:
      shutdownFramework(event.shutdown_framework().framework_id());
      break;
    case AgentEvent::ACKNOWLEDGE:
      acknowledge(event.acknowledge());
      break;
    case AgentEvent::FRAMEWORK_MESSAGE: {
      const auto& message = event.framework_message();
      Framework* framework = this->framework(message.framework_id());
      Executor* executor = framework ? framework->executor(message.executor_id().value()) : nullptr;
      mesos::v1::executor::Event out;
      out.set_type(mesos::v1::executor::Event::MESSAGE);
      out.mutable_message()->set_data(message.data());
      if (executor == nullptr || !executor->send(out)) {
        log::warning("Dropping a message for executor '{}' of framework {}: it is not subscribed",
                     message.executor_id().value(), message.framework_id().value());
      }
      break;
    }
    case AgentEvent::APPLY_OPERATION:
      applyOperation(event.apply_operation());
      break;
    case AgentEvent::ACKNOWLEDGE_OPERATION:
      // Operation status updates are sent once and not retried, so there is
      // nothing to stop retrying.
      break;
    case AgentEvent::UPDATE_FRAMEWORK: {
      const auto& info = event.update_framework().framework_info();
      if (Framework* framework = this->framework(info.id())) framework->info = info;
      break;
    }
    case AgentEvent::SHUTDOWN:
      shutdownFromMaster(event.shutdown().message());
      break;
    case AgentEvent::RECONCILE_TASKS:
      reconcileTasks(event.reconcile_tasks());
      break;
    default:
      log::warning("Ignoring an event of unknown type {} from the master",
                   static_cast<int>(event.type()));
      break;
  }
}

void Agent::sendToMaster(AgentCall call)
{
  if (!link_.streamId() || !info_.has_id()) {
    log::debug("Not connected to the master: dropping {}", AgentCall::Type_Name(call.type()));
    return;
  }
  *call.mutable_agent_id() = info_.id();
  std::string type = AgentCall::Type_Name(call.type());
  link_.send(call).onAny([type](const Try<Nothing>& sent) {
    if (!sent) log::warning("Failed to send {} to the master: {}", type, sent.error().message);
  });
}

Framework* Agent::framework(const mesos::v1::FrameworkID& id)
{
  auto it = frameworks_.find(id.value());
  return it == frameworks_.end() ? nullptr : it->second.get();
}

void Agent::removeFramework(const std::string& frameworkId)
{
  auto it = frameworks_.find(frameworkId);
  if (it == frameworks_.end() || !it->second->idle()) return;
  log::info("Removing framework {}", frameworkId);
  if (it->second->terminating) {
    mesos::v1::FrameworkID id = it->second->id();
    send(updates_, [id](StatusUpdateManager& manager) { manager.cleanup(id); });
  }
  frameworks_.erase(it);
}

}  // namespace nucleus::agent
