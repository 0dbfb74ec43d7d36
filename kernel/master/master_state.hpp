#pragma once

// What the master knows: frameworks, agents, offers, tasks and operations, as
// plain structs owned by the Master actor (master.hpp). Keys are the `value`
// strings of the protobuf ids.
//
// Thread safety: touched only on the Master actor's strand.

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "kernel/master/event_stream.hpp"
#include "kernel/runtime/actor.hpp"
#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/resources.hpp"

namespace nucleus::master {

struct TaskEntry {
  mesos::v1::Task task;  // state = the latest state the agent reported
  Resources resources;   // what it holds (with allocation info)
  // The state and uuid of the update last forwarded to the scheduler (Mesos'
  // status_update_state / status_update_uuid).
  std::optional<mesos::v1::TaskState> statusUpdateState;
  std::optional<std::string> statusUpdateUuid;
  bool resourcesRecovered = false;  // released to the allocator once terminal
};

struct OperationEntry {
  mesos::v1::Offer::Operation operation;
  mesos::v1::AgentID agentId;
  mesos::v1::OperationStatus latest;
  bool acknowledged = false;
  Timer retry;
  std::chrono::milliseconds backoff{0};
};

struct Framework {
  mesos::v1::FrameworkID id;
  mesos::v1::FrameworkInfo info;
  std::set<std::string> roles;
  std::set<std::string> suppressedRoles;
  bool partitionAware = false;
  bool active = false;  // subscribed with a live stream

  std::shared_ptr<EventStream> stream;  // null while disconnected
  Timer heartbeat;
  Timer failover;  // running while disconnected, when failover_timeout is set
  double registeredTime = 0;
  double reregisteredTime = 0;

  std::map<std::string, TaskEntry> tasks;         // non-removed tasks, by task id
  std::deque<mesos::v1::Task> completedTasks;     // bounded
  std::set<std::string> offers;                   // offer ids
  std::map<std::string, OperationEntry> operations;  // by operation id
  // agent id -> executor id -> executor, for executors launched through LAUNCH/LAUNCH_GROUP.
  std::map<std::string, std::map<std::string, mesos::v1::ExecutorInfo>> executors;
};

struct Agent {
  mesos::v1::AgentID id;
  mesos::v1::AgentInfo info;  // with its id; resources = its total
  std::string version;
  std::vector<mesos::v1::AgentInfo::Capability> capabilities;
  Resources total;              // incl. dynamic reservations and volumes
  Resources checkpointed;       // reservations and volumes the master applied

  std::shared_ptr<EventStream> stream;  // null while disconnected
  bool connected = false;
  Timer ping;
  bool pongSinceLastPing = true;
  int missedPings = 0;
  double registeredTime = 0;

  std::set<std::string> offers;                                // offer ids
  std::map<std::string, std::set<std::string>> tasks;          // framework id -> task ids
  std::map<std::string, Resources> usedByFramework;            // tasks + executors
  // framework id -> executor id -> executor
  std::map<std::string, std::map<std::string, mesos::v1::ExecutorInfo>> executors;
};

struct OfferEntry {
  mesos::v1::Offer offer;
  Resources resources;  // with allocation info
  Timer timeout;
};

}  // namespace nucleus::master
