#pragma once

// SchedulerClient: a framework's side of Mesos' v1 scheduler API
// (POST /api/v1/scheduler), in JSON or protobuf. Used by `nucleus execute`, the
// integration tests and the benchmarks.
//
//   SchedulerClient client(runtime, {.master = endpoint, .encoding = Encoding::Json});
//   client.subscribe(frameworkInfo, onEvent, onClosed).await();   // SUBSCRIBE
//   client.send(call);                                             // ACCEPT, KILL, ...
//
// subscribe() opens the event stream: every record is decoded and handed to
// `onEvent` in order; SUBSCRIBED also sets frameworkId(). The stream id from the
// response's Mesos-Stream-Id header and the framework id are added to every
// later call by send(). `onClosed` runs once when the stream ends, fails or is
// disconnect()ed, with the reason.
//
// Thread safety: every member may be called from any thread. Handlers run on io
// threads, one at a time and in order; they must not block.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/http/client.hpp"
#include "kernel/runtime/future.hpp"
#include "kernel/runtime/runtime.hpp"
#include "kernel/scheduler/codec.hpp"
#include "mesos/v1/scheduler/scheduler.pb.h"

namespace nucleus::scheduler {

struct SchedulerClientOptions {
  http::Endpoint master;
  Encoding encoding = Encoding::Json;
  std::string path = "/api/v1/scheduler";
  std::chrono::milliseconds requestTimeout = std::chrono::seconds(30);
};

// A call's HTTP answer: 202 with an empty body for most, 200 with a Response for
// RECONCILE_OPERATIONS, 4xx with Mesos' message otherwise.
struct CallResult {
  int status = 0;
  std::string body;
};

class SchedulerClient {
 public:
  using EventHandler = std::function<void(const mesos::v1::scheduler::Event& event)>;
  using ClosedHandler = std::function<void(const std::string& reason)>;

  SchedulerClient(Runtime& runtime, SchedulerClientOptions options);
  ~SchedulerClient();
  SchedulerClient(const SchedulerClient&) = delete;
  SchedulerClient& operator=(const SchedulerClient&) = delete;

  // Sends SUBSCRIBE for `framework` (with its id, to fail over). Ready once the
  // master answered 200; failed with the status and Mesos' message otherwise.
  Future<Nothing> subscribe(const mesos::v1::FrameworkInfo& framework, EventHandler onEvent,
                            ClosedHandler onClosed,
                            const std::vector<std::string>& suppressedRoles = {});

  // Sends `call`, filling in framework_id when unset; the stream id header goes
  // with it. Fails only when no HTTP answer arrived.
  Future<CallResult> send(mesos::v1::scheduler::Call call);

  // Closes the event stream (the master sees the framework disconnect). The
  // future is ready once the connection is closed; await it before stopping the
  // runtime, or the close may never run.
  Future<Nothing> disconnect();

  std::optional<mesos::v1::FrameworkID> frameworkId() const;
  std::string streamId() const;
  Encoding encoding() const { return options_.encoding; }

 private:
  struct State;

  Runtime& runtime_;
  SchedulerClientOptions options_;
  http::HttpClient http_;
  std::shared_ptr<State> state_;
};

}  // namespace nucleus::scheduler
