#include "kernel/scheduler/scheduler_client.hpp"

#include <mutex>

#include "kernel/http/recordio.hpp"

namespace nucleus::scheduler {

using mesos::v1::scheduler::Call;
using mesos::v1::scheduler::Event;

// Shared with the stream's callbacks, which may outlive the client.
struct SchedulerClient::State {
  std::mutex mutex;
  std::optional<mesos::v1::FrameworkID> frameworkId;
  std::string streamId;
  std::optional<http::ClientStream> stream;
  std::optional<http::recordio::Decoder> decoder{std::in_place};
  EventHandler onEvent;
  ClosedHandler onClosed;
  bool closed = false;
  int status = 0;         // of the SUBSCRIBE response
  std::string errorBody;  // of a SUBSCRIBE answered other than 200

  // Runs onClosed once.
  void close(const std::string& reason)
  {
    ClosedHandler handler;
    {
      std::lock_guard lock(mutex);
      if (closed) return;
      closed = true;
      handler = std::move(onClosed);
    }
    if (handler) handler(reason);
  }
};

SchedulerClient::SchedulerClient(Runtime& runtime, SchedulerClientOptions options)
    : runtime_(runtime),
      options_(std::move(options)),
      http_(runtime),
      state_(std::make_shared<State>())
{
}

SchedulerClient::~SchedulerClient() { (void)disconnect(); }

Future<Nothing> SchedulerClient::subscribe(const mesos::v1::FrameworkInfo& framework,
                                           EventHandler onEvent, ClosedHandler onClosed,
                                           const std::vector<std::string>& suppressedRoles)
{
  Call call;
  call.set_type(Call::SUBSCRIBE);
  *call.mutable_subscribe()->mutable_framework_info() = framework;
  for (const std::string& role : suppressedRoles) call.mutable_subscribe()->add_suppressed_roles(role);
  if (framework.has_id()) *call.mutable_framework_id() = framework.id();

  {
    std::lock_guard lock(state_->mutex);
    state_->onEvent = std::move(onEvent);
    state_->onClosed = std::move(onClosed);
    state_->closed = false;
    state_->decoder.emplace();
    state_->status = 0;
    state_->errorBody.clear();
  }

  http::Request request = http::Request::post(options_.path, encode(call, options_.encoding),
                                              std::string(mediaType(options_.encoding)));
  request.headers.set("Accept", std::string(mediaType(options_.encoding)));

  auto subscribed = std::make_shared<Promise<Nothing>>();
  const Encoding encoding = options_.encoding;
  http::StreamCallbacks callbacks;
  callbacks.onHead = [state = state_, subscribed](const http::Response& head) {
    std::lock_guard lock(state->mutex);
    state->status = head.status;
    if (head.status != 200) return;  // the body says why; see done below
    state->streamId = std::string(head.headers.get("Mesos-Stream-Id").value_or(""));
    subscribed->set(Nothing{});
  };
  callbacks.onChunk = [state = state_, encoding](std::string piece) {
    Try<std::vector<std::string>> records = [&]() -> Try<std::vector<std::string>> {
      std::lock_guard lock(state->mutex);
      if (state->status != 200) {
        state->errorBody += piece;
        return std::vector<std::string>{};
      }
      return state->decoder->decode(piece);
    }();
    if (!records) {
      state->close("the event stream is corrupt: " + records.error().message);
      return;
    }
    for (const std::string& record : *records) {
      Try<Event> event = decodeEvent(record, encoding);
      if (!event) {
        state->close(event.error().message);
        return;
      }
      EventHandler handler;
      {
        std::lock_guard lock(state->mutex);
        if (event->type() == Event::SUBSCRIBED) state->frameworkId = event->subscribed().framework_id();
        handler = state->onEvent;
      }
      if (handler) handler(*event);
    }
  };

  http::ClientStream stream = http_.stream(options_.master, std::move(request),
                                           std::move(callbacks), options_.requestTimeout);
  {
    std::lock_guard lock(state_->mutex);
    state_->stream = stream;
  }
  stream.done().onAny([state = state_, subscribed](const Try<Nothing>& done) {
    std::string refusal;
    {
      std::lock_guard lock(state->mutex);
      if (state->status != 0 && state->status != 200) {
        refusal = "SUBSCRIBE was answered " + std::to_string(state->status) +
                  (state->errorBody.empty() ? "" : ": " + state->errorBody);
      }
    }
    if (!refusal.empty()) {
      subscribed->fail(Error(refusal));
      state->close(refusal);
    } else if (!done) {
      subscribed->fail(done.error());
      state->close("the event stream failed: " + done.error().message);
    } else {
      subscribed->fail(Error("the event stream ended before SUBSCRIBE was answered"));
      state->close("the master closed the event stream");
    }
  });
  return subscribed->future();
}

Future<CallResult> SchedulerClient::send(Call call)
{
  std::string streamId;
  {
    std::lock_guard lock(state_->mutex);
    if (!call.has_framework_id() && state_->frameworkId) {
      *call.mutable_framework_id() = *state_->frameworkId;
    }
    streamId = state_->streamId;
  }
  http::Request request = http::Request::post(options_.path, encode(call, options_.encoding),
                                              std::string(mediaType(options_.encoding)));
  request.headers.set("Accept", std::string(mediaType(options_.encoding)));
  if (!streamId.empty()) request.headers.set("Mesos-Stream-Id", streamId);
  return http_.request(options_.master, std::move(request), options_.requestTimeout)
      .then([](const http::Response& response) {
        return CallResult{response.status, response.body};
      });
}

Future<Nothing> SchedulerClient::disconnect()
{
  std::optional<http::ClientStream> stream;
  {
    std::lock_guard lock(state_->mutex);
    // Dropping our handle also breaks the cycle state -> stream -> callbacks -> state.
    stream = std::move(state_->stream);
    state_->stream.reset();
  }
  state_->close("disconnected by the scheduler");
  if (!stream) return Nothing{};
  stream->cancel();
  return stream->done();
}

std::optional<mesos::v1::FrameworkID> SchedulerClient::frameworkId() const
{
  std::lock_guard lock(state_->mutex);
  return state_->frameworkId;
}

std::string SchedulerClient::streamId() const
{
  std::lock_guard lock(state_->mutex);
  return state_->streamId;
}

}  // namespace nucleus::scheduler
