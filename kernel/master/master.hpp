#pragma once

// The Master actor: frameworks, agents, offers, tasks and operations, and the
// behaviour of Mesos 1.5's master (src/master/master.cpp) over the v1 scheduler
// API and Nucleus' agent protocol (kernel/proto/nucleus/internal/agent_protocol.proto).
//
// The HTTP layers (scheduler_http.hpp, agent_http.hpp) decode and check
// requests, then dispatch the calls here; the allocator (allocator_host.hpp)
// answers with offers through offer(). The implementation is split by topic:
// master_frameworks.cpp, master_offers.cpp, master_accept.cpp,
// master_tasks.cpp, master_agents.cpp, master_operations.cpp, master_calls.cpp.
//
// Threading: an Actor. Every public method runs on its strand (callers use
// dispatch/send), and so does every timer; no state is shared otherwise.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kernel/http/response.hpp"
#include "kernel/master/allocator_host.hpp"
#include "kernel/master/event_stream.hpp"
#include "kernel/master/ids.hpp"
#include "kernel/master/master_settings.hpp"
#include "kernel/master/master_state.hpp"
#include "kernel/master/media_types.hpp"
#include "kernel/runtime/actor.hpp"
#include "mesos/v1/mesos.pb.h"
#include "mesos/v1/scheduler/scheduler.pb.h"
#include "nucleus/internal/agent_protocol.pb.h"
#include "nucleus/module/kinds/allocator.hpp"

namespace nucleus::master {

namespace v1 = mesos::v1;
using SchedulerCall = mesos::v1::scheduler::Call;
using SchedulerEvent = mesos::v1::scheduler::Event;
using AgentCall = nucleus::internal::AgentCall;
using AgentEvent = nucleus::internal::AgentEvent;

// Counts for tests, logs and the operator API.
struct MasterCounts {
  size_t frameworks = 0;
  size_t activeFrameworks = 0;
  size_t agents = 0;
  size_t connectedAgents = 0;
  size_t unreachableAgents = 0;
  size_t offers = 0;
  size_t tasks = 0;
};

class Master : public Actor {
 public:
  Master(Runtime& runtime, MasterSettings settings);

  // Once the server listens: the master's identity and its allocator. Until
  // then every call answers 503.
  void initialize(v1::MasterInfo info, std::shared_ptr<AllocatorHost> allocator);
  // Closes every stream and stops the timers; the master answers 503 afterwards.
  void finalize();

  const v1::MasterInfo& info() const { return info_; }
  MasterCounts counts() const;

  // --- v1 scheduler API (already decoded and validated by scheduler_http) ---
  http::Response subscribe(const SchedulerCall& call, ContentType accept);
  http::Response schedulerCall(const SchedulerCall& call,
                               const std::optional<std::string>& streamId, ContentType accept);

  // --- agent protocol (decoded by agent_http) ---
  http::Response agentSubscribe(const AgentCall& call);
  http::Response agentCall(const AgentCall& call, const std::optional<std::string>& streamId);

  // --- allocator callbacks (posted from the allocator's strand) ---
  void offer(const v1::FrameworkID& frameworkId, const module::OfferedResources& offered);
  void inverseOffer(const v1::FrameworkID& frameworkId, const module::InverseOffered& offered);

 private:
  // master.cpp: sending and lookups.
  Framework* framework(const std::string& id);
  Agent* agent(const std::string& id);
  void sendToFramework(Framework& framework, const SchedulerEvent& event);
  void sendToAgent(Agent& agent, const AgentEvent& event);
  // UPDATE to the framework if connected (dropped otherwise: the agent retries).
  void forwardUpdate(Framework& framework, const v1::TaskStatus& status);
  void allocator(std::function<void(module::Allocator&)> call);
  bool ready() const { return allocator_ != nullptr && !finalized_; }

  // master_frameworks.cpp
  void addFramework(Framework& framework);
  void attachStream(Framework& framework, std::shared_ptr<EventStream> stream);
  void sendSubscribed(Framework& framework);
  void scheduleHeartbeat(const std::string& frameworkId, const std::string& streamId);
  void frameworkStreamClosed(const std::string& frameworkId, const std::string& streamId);
  void disconnectFramework(Framework& framework);
  void failoverTimeout(const std::string& frameworkId, double disconnectedAt);
  void removeFramework(std::string frameworkId);  // by value: callers pass ids it erases
  void updateFrameworkInfo(Framework& framework, const v1::FrameworkInfo& info,
                           const std::set<std::string>& suppressedRoles);

  // master_offers.cpp
  void removeOffer(const std::string& offerId, bool rescind);
  void recoverOffer(const std::string& offerId, bool rescind,
                    const std::optional<v1::Filters>& filters = std::nullopt);
  void rescindAgentOffers(Agent& agent);
  void offerTimeout(const std::string& offerId);
  void decline(Framework& framework, const SchedulerCall::Decline& decline);
  void revive(Framework& framework, const SchedulerCall::Revive& revive);
  void suppress(Framework& framework, const SchedulerCall::Suppress& suppress);
  void answerInverseOffers(Framework& framework,
                           const google::protobuf::RepeatedPtrField<v1::OfferID>& ids,
                           bool accepted, const std::optional<v1::Filters>& filters);
  void removeInverseOffer(const std::string& inverseOfferId, bool rescind);
  v1::URL agentUrl(const Agent& agent) const;

  // master_accept.cpp
  void accept(Framework& framework, const SchedulerCall::Accept& accept);
  void launch(Framework& framework, Agent& agent, const v1::Offer::Operation& operation,
              Resources& offered, Resources& used);
  void launchGroup(Framework& framework, Agent& agent, const v1::Offer::Operation& operation,
                   Resources& offered, Resources& used);
  bool applyOperation(Framework& framework, Agent& agent, const v1::Offer::Operation& operation,
                      Resources& offered);
  void dropOperation(Framework& framework, const v1::Offer::Operation& operation,
                     const std::string& message);
  void taskError(Framework& framework, const v1::TaskInfo& task, v1::TaskStatus::Reason reason,
                 const std::string& message);
  void addTask(Framework& framework, Agent& agent, const v1::TaskInfo& task,
               const Resources& resources);

  // master_tasks.cpp
  void kill(Framework& framework, const SchedulerCall::Kill& kill);
  void shutdownExecutor(Framework& framework, const SchedulerCall::Shutdown& shutdown);
  void acknowledge(Framework& framework, const SchedulerCall::Acknowledge& acknowledge);
  void reconcile(Framework& framework, const std::vector<SchedulerCall::Reconcile::Task>& tasks);
  void message(Framework& framework, const SchedulerCall::Message& message);
  void statusUpdate(Agent& agent, const AgentCall::StatusUpdate& update);
  void recoverTaskResources(Framework& framework, TaskEntry& entry);
  void removeTask(Framework& framework, const std::string& taskId);
  void removeExecutor(Agent& agent, const std::string& frameworkId, const std::string& executorId);

  // master_agents.cpp
  http::Response registerAgent(const AgentCall::Register& call);
  http::Response reregisterAgent(const AgentCall::Reregister& call);
  void adoptReregistered(Agent& agent, const AgentCall::Reregister& call);
  void attachAgentStream(Agent& agent, std::shared_ptr<EventStream> stream);
  void agentStreamClosed(const std::string& agentId, const std::string& streamId);
  void pingAgent(const std::string& agentId);
  void markUnreachable(const std::string& agentId, const std::string& message);
  void removeAgentState(Agent& agent, v1::TaskState lostState, v1::TaskState awareState,
                        v1::TaskStatus::Reason reason, const std::string& message,
                        std::optional<double> unreachableTime);
  void executorExited(Agent& agent, const AgentCall::ExecutorExited& exited);
  void executorMessage(Agent& agent, const AgentCall::FrameworkMessage& message);
  void unregisterAgent(Agent& agent);

  // master_operations.cpp
  void trackOperation(Framework& framework, Agent& agent, const v1::Offer::Operation& operation,
                      v1::OperationState state, const std::string& message,
                      const Resources& converted);
  void operationStatus(Agent& agent, const AgentCall::UpdateOperationStatus& update);
  void sendOperationUpdate(Framework& framework, OperationEntry& entry);
  void retryOperationUpdate(const std::string& frameworkId, const std::string& operationId,
                            const std::string& uuid);
  void acknowledgeOperationStatus(Framework& framework,
                                  const SchedulerCall::AcknowledgeOperationStatus& ack);
  http::Response reconcileOperations(Framework& framework,
                                     const SchedulerCall::ReconcileOperations& reconcile,
                                     ContentType accept);

  // master_calls.cpp
  http::Response dispatchCall(Framework& framework, const SchedulerCall& call,
                              ContentType acceptType);

  MasterSettings settings_;
  v1::MasterInfo info_;
  std::unique_ptr<IdGenerator> ids_;
  std::shared_ptr<AllocatorHost> allocator_;
  bool finalized_ = false;

  std::map<std::string, Framework> frameworks_;
  std::map<std::string, v1::FrameworkInfo> completedFrameworks_;
  std::map<std::string, Agent> agents_;
  std::map<std::string, double> unreachableAgents_;  // agent id -> when (seconds)
  std::map<std::string, OfferEntry> offers_;
  std::map<std::string, v1::InverseOffer> inverseOffers_;
};

}  // namespace nucleus::master
