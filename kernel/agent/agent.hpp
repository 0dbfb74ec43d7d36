#pragma once

// The agent actor, after Mesos 1.5's Slave (src/slave/slave.cpp): registers
// with the master, runs the tasks the master sends through executors in
// containers, and carries their status updates back.
//
// Its work is split by topic over several files, all of this one class:
//   agent.cpp            start/stop, registration with the master, master events
//   agent_run.cpp        RUN_TASK / RUN_TASK_GROUP: executors and their launch
//   agent_executors.cpp  the executor API calls, executor life (timeouts, shutdown, exit)
//   agent_kill.cpp       KILL_TASK, SHUTDOWN_EXECUTOR / SHUTDOWN_FRAMEWORK, SHUTDOWN
//   agent_updates.cpp    status updates and acknowledgements, reconciliation
//   agent_operations.cpp APPLY_OPERATION and the checkpointed resources
//
// Registration: REGISTER (no id yet) or REREGISTER (with the id and what runs
// here) opens the event stream; when it breaks the agent tries again after a
// random wait below a bound that starts at --registration_backoff_factor and
// doubles up to registrationBackoffMax. While disconnected, status updates
// wait (the status update manager is paused).
//
// Thread safety: an actor. Public methods must run on its strand: call them
// through dispatch()/send() (AgentService does).

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "kernel/agent/agent_settings.hpp"
#include "kernel/agent/agent_state.hpp"
#include "kernel/agent/containerizer/containerizer.hpp"
#include "kernel/agent/executor_api.hpp"
#include "kernel/agent/master_link.hpp"
#include "kernel/agent/status_update_manager.hpp"
#include "kernel/http/response.hpp"
#include "kernel/runtime/actor.hpp"
#include "mesos/v1/executor/executor.pb.h"
#include "nucleus/internal/agent_protocol.pb.h"

namespace nucleus::agent {

struct AgentOptions {
  AgentSettings settings;
  std::filesystem::path workDir;
  http::Endpoint master;
  mesos::v1::AgentInfo info;  // without id; resources and attributes filled
  std::string endpoint;       // "ip:port" executors reach the agent at
  std::string nucleusBinary;  // what runs the built-in executors
};

class Agent : public Actor {
 public:
  Agent(Runtime& runtime, AgentOptions options, std::shared_ptr<Containerizer> containerizer);

  // Starts registering with the master.
  void start();

  // Shuts every executor down (SHUTDOWN, then destroyed after the grace
  // period) and stops talking to the master. Ready when every executor is gone.
  // Updates of their tasks that the master has not acknowledged are dropped:
  // nothing is checkpointed yet.
  Future<Nothing> stop();

  // A decoded, validated executor API call (executor_api.hpp).
  Future<http::Response> executorCall(const ExecutorRequest& request);

  // For tests and the lead's state endpoints.
  const mesos::v1::AgentInfo& info() const { return info_; }
  bool registered() const { return state_ == State::Running; }

 private:
  enum class State { Disconnected, Registering, Running, Terminating };

  // --- agent.cpp ---
  // Completes stop() once no executor runs any more (or at once with `force`).
  void finishStop(bool force);
  // The master:
  void doRegister();
  void onConnected(uint64_t generation, std::string streamId);
  void onMasterEvent(uint64_t generation, nucleus::internal::AgentEvent event);
  void onMasterClosed(uint64_t generation, std::string reason);
  void scheduleRegistration();
  void handleRegistered(const nucleus::internal::AgentEvent& event);
  nucleus::internal::AgentCall registrationCall() const;
  void sendToMaster(nucleus::internal::AgentCall call);
  Framework* framework(const mesos::v1::FrameworkID& id);
  void removeFramework(const std::string& frameworkId);

  // --- agent_run.cpp ---
  void runTask(const nucleus::internal::AgentEvent::RunTask& run);
  // Starts the container of a new executor (its tasks are queued on it).
  void launchExecutor(Framework& framework, Executor& executor);
  void onExecutorLaunched(const std::string& frameworkId, const std::string& executorId,
                          const std::string& containerId, const Try<int>& pid);
  // Sends the queued tasks and task groups of a subscribed executor (Mesos' ___run).
  void sendQueuedTasks(Framework& framework, Executor& executor);
  void dropTasks(Framework& framework, const std::vector<mesos::v1::TaskInfo>& tasks,
                 const mesos::v1::ExecutorID& executorId, const std::string& message,
                 mesos::v1::TaskStatus::Reason reason);

  // --- agent_executors.cpp ---
  http::Response subscribe(const ExecutorRequest& request, Framework& framework,
                           Executor& executor);
  void registrationTimeout(const std::string& frameworkId, const std::string& executorId,
                           const std::string& containerId);
  void shutdownExecutor(Framework& framework, Executor& executor);
  void shutdownTimeout(const std::string& frameworkId, const std::string& executorId,
                       const std::string& containerId);
  void executorTerminated(const std::string& frameworkId, const std::string& executorId,
                          const std::string& containerId, const Try<Termination>& termination);
  void removeExecutor(Framework& framework, std::string executorId);

  // --- agent_kill.cpp ---
  void killTask(const nucleus::internal::AgentEvent::KillTask& kill);
  void shutdownFramework(const mesos::v1::FrameworkID& frameworkId);
  void shutdownFromMaster(const std::string& message);

  // --- agent_updates.cpp ---
  // Takes an update (from an executor or made by the agent) into the task's
  // state and the status update manager; `fromExecutor` gets ACKNOWLEDGED once
  // the manager has it.
  void statusUpdate(const mesos::v1::FrameworkID& frameworkId, mesos::v1::TaskStatus status,
                    bool fromExecutor);
  void forwardUpdate(nucleus::internal::AgentCall::StatusUpdate update);
  void acknowledge(const nucleus::internal::AgentEvent::Acknowledge& ack);
  void onAcknowledged(const mesos::v1::FrameworkID& frameworkId, const mesos::v1::TaskID& taskId,
                      const Try<StatusUpdateManager::Acknowledged>& result);
  void reconcileTasks(const nucleus::internal::AgentEvent::ReconcileTasks& reconcile);
  std::optional<mesos::v1::Task> findTask(const std::string& frameworkId,
                                          const std::string& taskId);

  // --- agent_operations.cpp ---
  void applyOperation(const nucleus::internal::AgentEvent::ApplyOperation& apply);

  AgentOptions options_;
  std::shared_ptr<Containerizer> containerizer_;
  std::shared_ptr<StatusUpdateManager> updates_;
  MasterLink link_;
  mesos::v1::AgentInfo info_;
  State state_ = State::Disconnected;
  Duration backoff_;  // current bound of the registration backoff
  Timer registrationTimer_;
  std::map<std::string, std::unique_ptr<Framework>> frameworks_;
  std::vector<Promise<Nothing>> stopped_;  // stop() waiters
};

}  // namespace nucleus::agent
