#pragma once

// The master's test harness: a Runtime, an HttpServer on 127.0.0.1:0 serving a
// MasterService with the TestAllocator, and fake clients that speak the wire
// protocols as real ones do:
// - SchedulerClient subscribes (JSON or protobuf), collects the events of its
//   stream and posts calls with its Mesos-Stream-Id;
// - FakeAgent registers over /nucleus/internal/agent, collects AgentEvents and
//   posts AgentCalls (PONG, STATUS_UPDATE, ...).
//
// Thread safety: a harness belongs to one test; event logs are filled on io
// threads and read by the test under their mutex.

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kernel/http/client.hpp"
#include "kernel/http/recordio.hpp"
#include "kernel/http/server.hpp"
#include "kernel/master/master.hpp"
#include "kernel/master/master_service.hpp"
#include "mesos/v1/scheduler/scheduler.pb.h"
#include "nucleus/internal/agent_protocol.pb.h"
#include "test_allocator.hpp"
#include "tests/support/temp_dir.hpp"

namespace nucleus::testing {

using SchedulerCall = mesos::v1::scheduler::Call;
using SchedulerEvent = mesos::v1::scheduler::Event;
using AgentCall = nucleus::internal::AgentCall;
using AgentEvent = nucleus::internal::AgentEvent;

inline constexpr std::chrono::seconds kWait{10};

// Records collected from a stream, in order.
template <typename Event>
class EventLog {
 public:
  void add(Event event)
  {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  std::vector<Event> all() const
  {
    std::lock_guard lock(mutex_);
    return events_;
  }
  // Waits for the first event (from index `from`) matching `match`.
  std::optional<Event> waitFor(const std::function<bool(const Event&)>& match, size_t from = 0,
                               std::chrono::milliseconds timeout = kWait) const
  {
    std::optional<Event> found;
    waitUntil(
        [&] {
          std::lock_guard lock(mutex_);
          for (size_t i = from; i < events_.size(); ++i) {
            if (match(events_[i])) {
              found = events_[i];
              return true;
            }
          }
          return false;
        },
        timeout);
    return found;
  }
  size_t size() const
  {
    std::lock_guard lock(mutex_);
    return events_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Event> events_;
};

class MasterHarness {
 public:
  explicit MasterHarness(master::MasterSettings settings = {});
  ~MasterHarness();

  http::Endpoint endpoint() const { return {"http", "127.0.0.1", port_}; }
  http::HttpClient& client() { return *client_; }
  Runtime& runtime() { return runtime_; }
  master::MasterCounts counts();
  const std::shared_ptr<master::Master>& master() { return service_->master(); }
  TestAllocator* allocator() { return allocator_; }

  // POSTs a body to /api/v1/scheduler with the given headers.
  http::Response post(const std::string& body, const http::Headers& headers,
                      const std::string& method = "POST");

 private:
  Runtime runtime_{Runtime::Options{.ioThreads = 2, .blockingThreads = 2}};
  std::unique_ptr<http::HttpServer> server_;
  std::unique_ptr<master::MasterService> service_;
  std::unique_ptr<http::HttpClient> client_;
  TestAllocator* allocator_ = nullptr;
  uint16_t port_ = 0;
};

class SchedulerClient {
 public:
  enum class Encoding { Json, Protobuf };

  SchedulerClient(MasterHarness& harness, Encoding encoding = Encoding::Json)
      : harness_(harness), encoding_(encoding)
  {
  }
  ~SchedulerClient();

  // SUBSCRIBE; waits for SUBSCRIBED. Returns the framework id ("" on failure).
  std::string subscribe(mesos::v1::FrameworkInfo info);
  // Opens the SUBSCRIBE stream without waiting (for error cases).
  void open(const mesos::v1::FrameworkInfo& info, const http::Headers& extra = {});
  void close();

  // POSTs `call` (framework_id filled in) with this subscription's stream id.
  http::Response call(SchedulerCall call);

  EventLog<SchedulerEvent>& events() { return events_; }
  std::optional<SchedulerEvent> waitFor(SchedulerEvent::Type type, size_t from = 0);
  std::optional<SchedulerEvent> waitForUpdate(const std::string& taskId,
                                              mesos::v1::TaskState state);
  const std::optional<http::Response>& head() const { return head_; }
  bool waitForHead();
  bool ended() const { return ended_.isReady() || ended_.isFailed(); }
  const std::string& streamId() const { return streamId_; }
  const std::string& frameworkId() const { return frameworkId_; }

 private:
  MasterHarness& harness_;
  Encoding encoding_;
  std::mutex mutex_;  // guards decoder_ and head_ while the stream runs
  http::recordio::Decoder decoder_;
  std::optional<http::Response> head_;
  std::optional<http::ClientStream> stream_;
  Future<Nothing> ended_ = Future<Nothing>(Error("not started"));
  EventLog<SchedulerEvent> events_;
  std::string streamId_;
  std::string frameworkId_;
};

class FakeAgent {
 public:
  explicit FakeAgent(MasterHarness& harness) : harness_(harness) {}
  ~FakeAgent();

  // REGISTER with `resources` (e.g. "cpus:4;mem:1024"); waits for REGISTERED.
  std::string registerAgent(const std::string& resources, const std::string& hostname = "agent1");
  // REREGISTER with the id; waits for REREGISTERED.
  bool reregister(const AgentCall::Reregister& call);
  void disconnect();

  http::Response call(AgentCall call);
  http::Response pong();
  http::Response statusUpdate(const std::string& frameworkId, mesos::v1::TaskStatus status);

  EventLog<AgentEvent>& events() { return events_; }
  std::optional<AgentEvent> waitFor(AgentEvent::Type type, size_t from = 0);
  const std::string& agentId() const { return agentId_; }
  const mesos::v1::AgentInfo& info() const { return info_; }

 private:
  bool open(const AgentCall& call, AgentEvent::Type first);

  MasterHarness& harness_;
  std::mutex mutex_;
  std::unique_ptr<http::recordio::Decoder> decoder_;  // one per registration stream
  std::optional<http::ClientStream> stream_;
  EventLog<AgentEvent> events_;
  std::string streamId_;
  std::string agentId_;
  mesos::v1::AgentInfo info_;
};

// A FrameworkInfo with a name, user and role, optionally with capabilities.
mesos::v1::FrameworkInfo frameworkInfo(
    const std::string& role = "*",
    const std::vector<mesos::v1::FrameworkInfo::Capability::Type>& capabilities = {});

// The first offer of an OFFERS event.
mesos::v1::Offer firstOffer(const SchedulerEvent& event);

// A TaskInfo for `offer` with a command and the given resources.
mesos::v1::TaskInfo taskInfo(const std::string& taskId, const mesos::v1::Offer& offer,
                             const std::string& resources = "cpus:1;mem:128");

// ACCEPT with one LAUNCH of `tasks`.
SchedulerCall launchCall(const mesos::v1::Offer& offer,
                         const std::vector<mesos::v1::TaskInfo>& tasks);

}  // namespace nucleus::testing
