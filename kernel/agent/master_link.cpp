#include "kernel/agent/master_link.hpp"

#include <memory>
#include <mutex>

#include "kernel/http/recordio.hpp"
#include "kernel/proto/binary.hpp"

namespace nucleus::agent {

namespace {

constexpr std::string_view kProtobuf = "application/x-protobuf";
constexpr auto kCallTimeout = std::chrono::seconds(10);
constexpr auto kHeadTimeout = std::chrono::seconds(10);

// What one stream's callbacks share; they run one at a time, in order.
struct StreamState {
  uint64_t generation = 0;
  MasterLink::Callbacks callbacks;
  http::recordio::Decoder decoder;
  int status = 0;
  std::string refusal;  // body of a non-200 answer
  std::optional<std::string> failure;
};

}  // namespace

MasterLink::MasterLink(Runtime& runtime, http::Endpoint master)
    : client_(runtime), master_(std::move(master))
{
}

uint64_t MasterLink::connect(const nucleus::internal::AgentCall& call, Callbacks callbacks)
{
  disconnect();
  auto state = std::make_shared<StreamState>();
  state->generation = ++generation_;
  state->callbacks = std::move(callbacks);

  http::Request request = http::Request::post(std::string(kAgentApiPath), call.SerializeAsString(),
                                              std::string(kProtobuf));
  request.headers.set("Accept", std::string(kProtobuf));

  http::StreamCallbacks streamCallbacks;
  streamCallbacks.onHead = [state](const http::Response& head) {
    state->status = head.status;
    if (head.status != 200) return;
    std::string streamId(head.headers.get("Mesos-Stream-Id").value_or(""));
    state->callbacks.onConnected(state->generation, std::move(streamId));
  };
  streamCallbacks.onChunk = [state](std::string piece) {
    if (state->status != 200) {
      if (state->refusal.size() < 4096) state->refusal += piece;
      return;
    }
    if (state->failure) return;
    auto records = state->decoder.decode(piece);
    if (!records) {
      state->failure = "Malformed event stream from the master: " + records.error().message;
      return;
    }
    for (const std::string& record : *records) {
      nucleus::internal::AgentEvent event;
      if (Try<Nothing> parsed = proto::fromBinary(record, &event); !parsed) {
        state->failure = "Malformed event from the master: " + parsed.error().message;
        return;
      }
      state->callbacks.onEvent(state->generation, std::move(event));
    }
  };

  stream_ = client_.stream(master_, std::move(request), std::move(streamCallbacks), kHeadTimeout);
  std::string where = master_.toString();
  stream_->done().onAny([state, where](const Try<Nothing>& done) {
    std::string reason;
    if (state->failure) {
      reason = *state->failure;
    } else if (!done) {
      reason = "Connection to the master at " + where + " failed: " + done.error().message;
    } else if (state->status != 200) {
      reason = "The master at " + where + " refused the registration (" +
               std::to_string(state->status) + "): " + state->refusal;
    } else {
      reason = "The master at " + where + " closed the event stream";
    }
    state->callbacks.onClosed(state->generation, std::move(reason));
  });
  return generation_;
}

void MasterLink::disconnect()
{
  ++generation_;
  streamId_.reset();
  if (stream_) {
    stream_->cancel();
    stream_.reset();
  }
}

Future<Nothing> MasterLink::send(const nucleus::internal::AgentCall& call)
{
  if (!streamId_) return Error("Not connected to the master");
  http::Request request = http::Request::post(std::string(kAgentApiPath), call.SerializeAsString(),
                                              std::string(kProtobuf));
  request.headers.set("Mesos-Stream-Id", *streamId_);
  return client_.request(master_, std::move(request), kCallTimeout)
      .then([](const http::Response& response) -> Try<Nothing> {
        if (response.status == 202 || response.status == 200) return Nothing{};
        return Error("The master answered " + std::to_string(response.status) + ": " +
                     response.body);
      });
}

}  // namespace nucleus::agent
