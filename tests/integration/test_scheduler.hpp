#pragma once

// TestScheduler: a framework for integration tests, on the same client as
// `nucleus execute` (kernel/scheduler), with the events kept in a queue that a
// test waits on. Every wait has a deadline; nothing sleeps.
//
//   TestScheduler scheduler(masterPort, Encoding::Protobuf);
//   REQUIRE(scheduler.subscribe(framework("test")));
//   auto offers = scheduler.waitFor(Event::OFFERS);
//
// Thread safety: owned by one test thread; events arrive on io threads.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kernel/runtime/runtime.hpp"
#include "kernel/scheduler/scheduler_client.hpp"

namespace nucleus::testing {

using mesos::v1::scheduler::Call;
using mesos::v1::scheduler::Event;

// A FrameworkInfo for tests: user, name, one role and the usual capabilities.
mesos::v1::FrameworkInfo testFramework(const std::string& name, const std::string& role = "*",
                                       bool partitionAware = true);

// A command task for `offer`, taking `resources` (Mesos' text form) from it.
mesos::v1::TaskInfo commandTask(const std::string& id, const std::string& command,
                                const mesos::v1::Offer& offer,
                                const std::string& resources = "cpus:0.1;mem:32");

class TestScheduler {
 public:
  TestScheduler(int masterPort, scheduler::Encoding encoding);
  ~TestScheduler();

  // SUBSCRIBE; true once the master answered 200 and SUBSCRIBED arrived.
  bool subscribe(const mesos::v1::FrameworkInfo& framework,
                 std::chrono::seconds timeout = std::chrono::seconds(20));

  // The next queued event of `type` (removed from the queue; earlier events of
  // other types stay), waiting up to `timeout`.
  std::optional<Event> waitFor(Event::Type type,
                               std::chrono::seconds timeout = std::chrono::seconds(20));
  // The next status update for `taskId` in `state` (earlier updates of that
  // task are dropped), acknowledging every update it passes when `acknowledge`.
  std::optional<mesos::v1::TaskStatus> waitForUpdate(
      const std::string& taskId, mesos::v1::TaskState state,
      std::chrono::seconds timeout = std::chrono::seconds(30), bool acknowledge = true);

  scheduler::CallResult send(Call call);
  // ACCEPT `offer` with LAUNCH of `tasks`.
  scheduler::CallResult launch(const mesos::v1::Offer& offer,
                               const std::vector<mesos::v1::TaskInfo>& tasks);
  scheduler::CallResult acknowledge(const mesos::v1::TaskStatus& status);
  scheduler::CallResult decline(const mesos::v1::Offer& offer, double refuseSeconds = 3600);

  // Every status update waitForUpdate() passed, in order, as "task: STATE (message)"
  // lines, for failure messages.
  std::string updatesSeen() const;

  void disconnect();
  bool closed() const;
  std::string closeReason() const;
  mesos::v1::FrameworkID frameworkId() const;
  scheduler::SchedulerClient& client() { return *client_; }

 private:
  void onEvent(const Event& event);

  std::unique_ptr<Runtime> runtime_;
  std::unique_ptr<scheduler::SchedulerClient> client_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Event> events_;
  std::vector<mesos::v1::TaskStatus> seen_;
  bool closed_ = false;
  std::string closeReason_;
};

}  // namespace nucleus::testing
