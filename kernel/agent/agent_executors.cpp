// Executors: the v1 executor API calls (SUBSCRIBE, UPDATE, MESSAGE) and an
// executor's life after launch: the registration timeout, graceful shutdown
// and what happens to its tasks when its container ends (Mesos 1.5's
// Http::executor, Slave::subscribe, registerExecutorTimeout,
// _shutdownExecutor, shutdownExecutorTimeout and executorTerminated).

#include "kernel/agent/agent.hpp"
#include "kernel/agent/task_status.hpp"
#include "kernel/common/logging.hpp"

namespace nucleus::agent {

using mesos::v1::executor::Call;
using mesos::v1::executor::Event;
using nucleus::internal::AgentCall;

Future<http::Response> Agent::executorCall(const ExecutorRequest& request)
{
  const Call& call = request.call;
  Framework* framework = this->framework(call.framework_id());
  if (framework == nullptr) return http::Response::badRequest("Framework cannot be found");
  Executor* executor = framework->executor(call.executor_id().value());
  if (executor == nullptr) return http::Response::badRequest("Executor cannot be found");
  if (executor->state == Executor::State::Registering && call.type() != Call::SUBSCRIBE) {
    return http::Response::forbidden("Executor is not subscribed");
  }

  switch (call.type()) {
    case Call::SUBSCRIBE:
      return subscribe(request, *framework, *executor);
    case Call::UPDATE: {
      mesos::v1::TaskStatus status = call.update().status();
      *status.mutable_executor_id() = call.executor_id();
      statusUpdate(framework->id(), std::move(status), true);
      return http::Response::accepted();
    }
    case Call::MESSAGE: {
      AgentCall message;
      message.set_type(AgentCall::FRAMEWORK_MESSAGE);
      auto* body = message.mutable_framework_message();
      *body->mutable_framework_id() = call.framework_id();
      *body->mutable_executor_id() = call.executor_id();
      body->set_data(call.message().data());
      sendToMaster(std::move(message));
      return http::Response::accepted();
    }
    default:
      log::warning("Received an UNKNOWN call from executor '{}'", call.executor_id().value());
      return http::Response(501, "Received an UNKNOWN call");
  }
}

http::Response Agent::subscribe(const ExecutorRequest& request, Framework& framework,
                                Executor& executor)
{
  const std::string executorId = executor.info.executor_id().value();
  const std::string frameworkId = framework.id().value();
  auto stream = http::Stream::create();
  http::Response response = http::Response::streaming(stream, mediaType(request.accept));
  log::info("Executor '{}' of framework {} subscribed", executorId, frameworkId);

  auto refuse = [&](const std::string& why) {
    log::warning("Shutting down executor '{}' of framework {}: {}", executorId, frameworkId, why);
    Event shutdown;
    shutdown.set_type(Event::SHUTDOWN);
    stream->write(encodeEvent(shutdown, request.accept));
    stream->close();
    return response;
  };
  if (state_ == State::Terminating) return refuse("the agent is terminating");
  if (framework.terminating) return refuse("the framework is terminating");
  if (executor.state == Executor::State::Terminating ||
      executor.state == Executor::State::Terminated) {
    return refuse("it is terminating");
  }

  // A retried SUBSCRIBE replaces the earlier connection.
  if (executor.stream) executor.stream->close();
  executor.state = Executor::State::Running;
  executor.registrationTimer.cancel();
  executor.stream = stream;
  executor.contentType = request.accept;
  stream->onClosed(defer([this, frameworkId, executorId, stream] {
    auto found = frameworks_.find(frameworkId);
    Executor* current = found == frameworks_.end() ? nullptr : found->second->executor(executorId);
    if (current != nullptr && current->stream == stream) {
      log::info("Executor '{}' of framework {} closed its connection", executorId, frameworkId);
      current->stream.reset();
    }
  }));

  // As Mesos: an executor with nothing to run (its tasks were killed before
  // it subscribed) is shut down rather than left idle.
  if (executor.queuedTasks.empty() && executor.queuedTaskGroups.empty() &&
      executor.launchedTasks.empty()) {
    log::warning("Shutting down executor '{}' of framework {}: it has no tasks to run", executorId,
                 frameworkId);
    shutdownExecutor(framework, executor);
    return response;
  }

  Event subscribed;
  subscribed.set_type(Event::SUBSCRIBED);
  *subscribed.mutable_subscribed()->mutable_executor_info() = executor.info;
  *subscribed.mutable_subscribed()->mutable_framework_info() = framework.info;
  *subscribed.mutable_subscribed()->mutable_agent_info() = info_;
  *subscribed.mutable_subscribed()->mutable_container_id() = executor.containerId;
  executor.send(subscribed);

  for (const auto& update : request.call.subscribe().unacknowledged_updates()) {
    mesos::v1::TaskStatus status = update.status();
    *status.mutable_executor_id() = executor.info.executor_id();
    statusUpdate(framework.id(), std::move(status), true);
  }

  // A task still STAGING that the re-subscribing executor does not know never
  // reached it (Mesos: the agent died in between).
  std::set<std::string> known;
  for (const auto& task : request.call.subscribe().unacknowledged_tasks()) {
    known.insert(task.task_id().value());
  }
  std::vector<mesos::v1::TaskID> lost;
  for (const auto& [taskId, task] : executor.launchedTasks) {
    if (task.state() == mesos::v1::TASK_STAGING && !known.contains(taskId)) {
      lost.push_back(task.task_id());
    }
  }

  sendQueuedTasks(framework, executor);

  for (const auto& taskId : lost) {
    AgentStatus status;
    status.taskId = taskId;
    status.state = framework.partitionAware() ? mesos::v1::TASK_DROPPED : mesos::v1::TASK_LOST;
    status.message = "Task launched during agent restart";
    status.reason = mesos::v1::TaskStatus::REASON_AGENT_RESTARTED;
    status.executorId = executor.info.executor_id();
    statusUpdate(framework.id(), makeAgentStatus(status, info_.id()), false);
  }
  return response;
}

void Agent::registrationTimeout(const std::string& frameworkId, const std::string& executorId,
                                const std::string& containerId)
{
  auto found = frameworks_.find(frameworkId);
  if (found == frameworks_.end() || found->second->terminating) return;
  Executor* executor = found->second->executor(executorId);
  if (executor == nullptr || executor->containerId.value() != containerId) return;
  if (executor->state != Executor::State::Registering) return;

  std::string timeout = options_.settings.executorRegistrationTimeout.toString();
  log::info("Terminating executor '{}' of framework {}: it did not subscribe within {}", executorId,
            frameworkId, timeout);
  executor->state = Executor::State::Terminating;
  executor->pendingTermination = PendingTermination{
      mesos::v1::TASK_FAILED, mesos::v1::TaskStatus::REASON_EXECUTOR_REGISTRATION_TIMEOUT,
      "Executor did not register within " + timeout};
  containerizer_->destroy(executor->containerId);
}

void Agent::shutdownExecutor(Framework& framework, Executor& executor)
{
  log::info("Shutting down executor '{}' of framework {}", executor.info.executor_id().value(),
            framework.id().value());
  executor.state = Executor::State::Terminating;
  executor.registrationTimer.cancel();
  Event shutdown;
  shutdown.set_type(Event::SHUTDOWN);
  executor.send(shutdown);

  Duration grace = options_.settings.executorShutdownGracePeriod;
  if (executor.info.has_shutdown_grace_period()) {
    grace = Duration::nanoseconds(executor.info.shutdown_grace_period().nanoseconds());
  }
  std::string frameworkId = framework.id().value();
  std::string executorId = executor.info.executor_id().value();
  std::string containerId = executor.containerId.value();
  executor.shutdownTimer = delay(grace.chrono(), [this, frameworkId, executorId, containerId] {
    shutdownTimeout(frameworkId, executorId, containerId);
  });
}

void Agent::shutdownTimeout(const std::string& frameworkId, const std::string& executorId,
                            const std::string& containerId)
{
  auto found = frameworks_.find(frameworkId);
  if (found == frameworks_.end()) return;
  Executor* executor = found->second->executor(executorId);
  if (executor == nullptr || executor->containerId.value() != containerId) return;
  if (executor->state != Executor::State::Terminating) return;
  log::info("Killing executor '{}' of framework {}: its shutdown grace period passed", executorId,
            frameworkId);
  containerizer_->destroy(executor->containerId);
}

void Agent::executorTerminated(const std::string& frameworkId, const std::string& executorId,
                               const std::string& containerId, const Try<Termination>& termination)
{
  auto found = frameworks_.find(frameworkId);
  if (found == frameworks_.end()) return;
  Framework& framework = *found->second;
  Executor* executor = framework.executor(executorId);
  if (executor == nullptr || executor->containerId.value() != containerId ||
      executor->state == Executor::State::Terminated) {
    return;
  }

  int status = termination ? termination->status : -1;
  log::info("Executor '{}' of framework {} terminated: {}", executorId, frameworkId,
            termination ? termination->message : termination.error().message);
  executor->state = Executor::State::Terminated;
  executor->registrationTimer.cancel();
  executor->shutdownTimer.cancel();
  if (executor->stream) {
    executor->stream->close();
    executor->stream.reset();
  }

  if (!framework.terminating) {
    // Mesos' sendExecutorTerminatedStatusUpdate.
    AgentStatus base;
    base.state = mesos::v1::TASK_FAILED;
    base.reason = mesos::v1::TaskStatus::REASON_EXECUTOR_TERMINATED;
    std::vector<std::string> messages;
    if (executor->pendingTermination) {
      base.state = executor->pendingTermination->state;
      base.reason = executor->pendingTermination->reason;
      if (!executor->pendingTermination->message.empty()) {
        messages.push_back(executor->pendingTermination->message);
      }
    }
    if (!termination) {
      messages.push_back("Abnormal executor termination: " + termination.error().message);
    } else {
      if (termination->limitation) {
        base.reason = termination->limitation->reason;
        if (!termination->limitation->message.empty()) {
          messages.push_back(termination->limitation->message);
        }
      }
      if (!termination->message.empty()) messages.push_back(termination->message);
    }
    for (size_t i = 0; i < messages.size(); ++i) {
      base.message += (i > 0 ? "; " : "") + messages[i];
    }
    if (base.message.empty()) base.message = "Executor terminated";
    base.executorId = executor->info.executor_id();

    std::vector<mesos::v1::TaskID> tasks;
    for (const auto& [taskId, task] : executor->launchedTasks) {
      if (!isTerminalState(task.state())) tasks.push_back(task.task_id());
    }
    for (const auto& task : executor->queuedTasks) tasks.push_back(task.task_id());
    for (const auto& taskId : tasks) {
      AgentStatus update = base;
      update.taskId = taskId;
      mesos::v1::TaskStatus taskStatus = makeAgentStatus(update, info_.id());
      if (termination && termination->limitation) {
        *taskStatus.mutable_limitation()->mutable_resources() =
            termination->limitation->resources.toProto();
      }
      statusUpdate(framework.id(), std::move(taskStatus), false);
    }
  }

  // As Mesos: the master does not track command executors.
  if (!executor->commandExecutor) {
    AgentCall exited;
    exited.set_type(AgentCall::EXECUTOR_EXITED);
    *exited.mutable_executor_exited()->mutable_framework_id() = framework.id();
    *exited.mutable_executor_exited()->mutable_executor_id() = executor->info.executor_id();
    exited.mutable_executor_exited()->set_status(status);
    sendToMaster(std::move(exited));
  }

  if (state_ == State::Terminating || framework.terminating || !executor->incompleteTasks()) {
    removeExecutor(framework, executorId);
  }
  removeFramework(frameworkId);
  finishStop(false);
}

void Agent::removeExecutor(Framework& framework, std::string executorId)
{
  log::info("Cleaning up executor '{}' of framework {} (its sandbox stays)", executorId,
            framework.id().value());
  framework.executors.erase(executorId);
}

}  // namespace nucleus::agent
