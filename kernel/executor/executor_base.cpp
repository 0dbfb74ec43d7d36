#include "kernel/executor/executor_base.hpp"

#include "kernel/common/logging.hpp"

namespace nucleus::executor {

using mesos::v1::executor::Event;

ExecutorBase::ExecutorBase(Runtime& runtime, std::string name, ExecutorEnv env)
    : Actor(runtime, std::move(name)), env_(std::move(env))
{
  reaper_ = std::make_shared<ChildReaper>(runtime, strand());
  // The client calls back on this actor's strand, only while it exists (it is
  // ours, and stopped before we go).
  ExecutorClientCallbacks callbacks;
  callbacks.received = [this](const Event& event) { dispatchEvent(event); };
  callbacks.acknowledged = [this](const mesos::v1::TaskStatus& status) {
    acknowledged(status);
    if (awaitingAcks_ && !finished_) finishWhenAcknowledged();
  };
  client_ = std::make_shared<ExecutorClient>(runtime, strand(), env_, std::move(callbacks));
}

ExecutorBase::~ExecutorBase()
{
  client_->stop();
  reaper_->stop();
}

Future<int> ExecutorBase::start()
{
  reaper_->start();
  client_->start();
  return exited_.future();
}

void ExecutorBase::requestShutdown()
{
  log::info("Received a termination signal; shutting down");
  shutdown();
}

void ExecutorBase::dispatchEvent(const Event& event)
{
  if (finished_) return;
  switch (event.type()) {
    case Event::SUBSCRIBED:
      log::info("Subscribed executor on {}", event.subscribed().agent_info().hostname());
      break;
    case Event::LAUNCH: launch(event.launch().task()); break;
    case Event::LAUNCH_GROUP: launchGroup(event.launch_group().task_group()); break;
    case Event::KILL:
      killTask(event.kill().task_id(),
               event.kill().has_kill_policy() ? &event.kill().kill_policy() : nullptr);
      break;
    case Event::SHUTDOWN: shutdown(); break;
    case Event::ERROR: log::error("Error: {}", event.error().message()); break;
    case Event::MESSAGE: break;
    default: log::warning("Received an UNKNOWN event and ignored"); break;
  }
  // The client gave up: no acknowledgement can come any more.
  if (awaitingAcks_ && !finished_ && client_->abandoned()) finishWhenAcknowledged();
}

void ExecutorBase::launch(const mesos::v1::TaskInfo&)
{
  // As Mesos 1.5: single tasks go to the command executor only.
  log::error("LAUNCH event is not supported");
  shutdown();
}

void ExecutorBase::launchGroup(const mesos::v1::TaskGroupInfo&)
{
  // As Mesos 1.5: task groups go to the default executor only.
  log::error("LAUNCH_GROUP event is not supported");
  shutdown();
}

void ExecutorBase::beginShutdownGrace()
{
  if (graceStarted_) return;
  graceStarted_ = true;
  delay(env_.shutdownGracePeriod.chrono(), [this] {
    killAll();
    finish(1, "Shutdown grace period of " + env_.shutdownGracePeriod.toString() + " exceeded");
  });
}

void ExecutorBase::finishWhenAcknowledged()
{
  if (finished_) return;
  if (active()) {
    // More tasks were launched meanwhile; their end will call again.
    awaitingAcks_ = false;
    ackTimer_.cancel();
    return;
  }
  if (client_->unacknowledgedUpdates() == 0) {
    finish(0, "every status update was acknowledged");
    return;
  }
  if (client_->abandoned()) {
    finish(0, "the agent is gone");
    return;
  }
  if (!awaitingAcks_) {
    awaitingAcks_ = true;
    // As Mesos 1.5: a fail-safe in case the agent never acknowledges.
    ackTimer_ = delay(kTerminalAckTimeout.chrono(), [this] {
      finish(1, "Did not receive ACK for the terminal status update from the agent");
    });
  }
}

void ExecutorBase::finish(int code, const std::string& why)
{
  if (finished_) return;
  finished_ = true;
  ackTimer_.cancel();
  if (code == 0) {
    log::info("Terminating: {}", why);
  } else {
    log::error("Terminating: {}", why);
  }
  client_->stop();
  reaper_->stop();
  exited_.set(code);
}

}  // namespace nucleus::executor
