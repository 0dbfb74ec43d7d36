#pragma once

// ExecutorBase: what the command and the default executor share. It owns the
// agent connection (ExecutorClient) and the child reaper on its strand, and
// the way the process ends:
// - finish(code) completes exited(), which runExecutor waits for;
// - after a SHUTDOWN the executor gets MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD to
//   finish, then its tasks are SIGKILLed and it exits (Mesos' ShutdownProcess);
// - once all tasks are terminal, it waits at most kTerminalAckTimeout for the
//   agent to acknowledge the terminal updates (as Mesos 1.5's fail-safe).
//
// Thread safety: an Actor; everything runs on its strand. Call start() and
// requestShutdown() through dispatch()/send().

#include <memory>
#include <string>

#include "kernel/executor/child_reaper.hpp"
#include "kernel/executor/executor_client.hpp"
#include "kernel/executor/executor_env.hpp"
#include "kernel/runtime/actor.hpp"

namespace nucleus::executor {

inline constexpr Duration kTerminalAckTimeout = Duration::seconds(60);

class ExecutorBase : public Actor {
 public:
  ExecutorBase(Runtime& runtime, std::string name, ExecutorEnv env);
  ~ExecutorBase() override;

  // Subscribes to the agent; the future completes with the process exit code.
  Future<int> start();

  // SIGTERM/SIGINT on the executor: handled like a SHUTDOWN from the agent.
  void requestShutdown();

 protected:
  // The agent's LAUNCH and LAUNCH_GROUP. As Mesos 1.5, each executor takes one of
  // them; by default a launch is refused by shutting down.
  virtual void launch(const mesos::v1::TaskInfo& task);
  virtual void launchGroup(const mesos::v1::TaskGroupInfo& group);
  // KILL, with the event's kill policy (nullptr when it has none).
  virtual void killTask(const mesos::v1::TaskID& taskId, const mesos::v1::KillPolicy* policy) = 0;
  virtual void acknowledged(const mesos::v1::TaskStatus& status) = 0;
  virtual void shutdown() = 0;
  // SIGKILLs every task still running (the shutdown grace period is over).
  virtual void killAll() = 0;
  // Whether any task still runs (the executor never exits while one does).
  virtual bool active() const = 0;

  // Starts the shutdown grace period (once).
  void beginShutdownGrace();
  // All tasks are terminal: exit once every update is acknowledged (or can never be).
  void finishWhenAcknowledged();
  void finish(int code, const std::string& why);

  ExecutorClient& client() { return *client_; }
  ChildReaper& reaper() { return *reaper_; }
  const ExecutorEnv& env() const { return env_; }

 private:
  void dispatchEvent(const mesos::v1::executor::Event& event);

  const ExecutorEnv env_;
  std::shared_ptr<ExecutorClient> client_;
  std::shared_ptr<ChildReaper> reaper_;
  Promise<int> exited_;
  bool finished_ = false;
  bool graceStarted_ = false;
  bool awaitingAcks_ = false;
  Timer ackTimer_;
};

}  // namespace nucleus::executor
