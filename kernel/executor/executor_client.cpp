#include "kernel/executor/executor_client.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <random>

#include "kernel/common/logging.hpp"
#include "kernel/executor/executor_codec.hpp"
#include "kernel/executor/task_status.hpp"

namespace nucleus::executor {

using mesos::v1::executor::Call;
using mesos::v1::executor::Event;

namespace {

constexpr const char* kPath = "/api/v1/executor";
// As Mesos 1.5: a SUBSCRIBE that was answered but not accepted is retried every second.
constexpr Duration kSubscribeRetryInterval = Duration::seconds(1);
constexpr Duration kRequestTimeout = Duration::seconds(10);

std::chrono::milliseconds toMillis(Duration duration)
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration.chrono());
}

}  // namespace

ExecutorClient::ExecutorClient(Runtime& runtime, Strand strand, ExecutorEnv env,
                               ExecutorClientCallbacks callbacks)
    : runtime_(runtime),
      strand_(std::move(strand)),
      env_(std::move(env)),
      callbacks_(std::move(callbacks)),
      http_(runtime),
      agentId_(env_.agentId)
{
}

ExecutorClient::~ExecutorClient()
{
  if (stream_) stream_->cancel();
}

template <typename F>
auto ExecutorClient::onStrand(F f)
{
  return [weak = weak_from_this(), strand = strand_, f = std::move(f)](auto&&... args) mutable {
    boost::asio::post(strand, [weak, f, args...]() mutable {
      if (auto self = weak.lock()) f(*self, args...);
    });
  };
}

std::shared_ptr<boost::asio::steady_timer> ExecutorClient::after(Duration delay,
                                                                 std::function<void()> f)
{
  auto timer = std::make_shared<boost::asio::steady_timer>(runtime_.io(), delay.chrono());
  timer->async_wait(boost::asio::bind_executor(
      strand_, [weak = weak_from_this(), f = std::move(f)](const boost::system::error_code& ec) {
        if (ec) return;
        if (auto self = weak.lock()) f();
      }));
  return timer;
}

void ExecutorClient::start()
{
  log::info("Subscribing executor '{}' of framework '{}' to the agent at {}", env_.executorId,
            env_.frameworkId, env_.agent.toString());
  subscribe();
}

void ExecutorClient::stop()
{
  state_ = State::Stopped;
  ++generation_;
  if (stream_) stream_->cancel();
  stream_.reset();
  if (retryTimer_) retryTimer_->cancel();
  if (recoveryTimer_) recoveryTimer_->cancel();
  if (sendTimer_) sendTimer_->cancel();
  outbox_.clear();
}

Call ExecutorClient::makeCall(Call::Type type) const
{
  Call call;
  call.set_type(type);
  call.mutable_framework_id()->set_value(env_.frameworkId);
  call.mutable_executor_id()->set_value(env_.executorId);
  return call;
}

http::Request ExecutorClient::makeRequest(const Call& call) const
{
  std::string type(mediaType(env_.contentType));
  http::Request request = http::Request::post(kPath, encodeCall(call, env_.contentType), type);
  request.headers.set("Accept", type);
  if (env_.authenticationToken) {
    request.headers.set("Authorization", "Bearer " + *env_.authenticationToken);
  }
  return request;
}

void ExecutorClient::subscribe()
{
  if (state_ == State::Abandoned || state_ == State::Stopped) return;
  state_ = State::Connecting;
  uint64_t generation = ++generation_;
  headStatus_ = 0;
  errorBody_.clear();
  decoder_.emplace();
  outbox_.clear();
  sending_ = false;

  Call call = makeCall(Call::SUBSCRIBE);
  Call::Subscribe* subscribe = call.mutable_subscribe();
  for (const auto& [uuid, update] : unacknowledged_) {
    *subscribe->add_unacknowledged_updates() = update;
  }
  for (const auto& [id, task] : unacknowledgedTasks_) *subscribe->add_unacknowledged_tasks() = task;

  http::StreamCallbacks callbacks;
  callbacks.onHead = onStrand([generation](ExecutorClient& self, const http::Response& head) {
    self.onHead(generation, head.status);
  });
  callbacks.onChunk = onStrand([generation](ExecutorClient& self, const std::string& piece) {
    self.onChunk(generation, piece);
  });
  stream_ =
      http_.stream(env_.agent, makeRequest(call), std::move(callbacks), toMillis(kRequestTimeout));
  stream_->done().onAny(onStrand([generation](ExecutorClient& self, const Try<Nothing>& result) {
    self.onStreamEnd(generation, result);
  }));
}

void ExecutorClient::onHead(uint64_t generation, int status)
{
  if (generation != generation_) return;
  headStatus_ = status;
  everConnected_ = true;
  if (status != 200) return;  // the body says why; handled at the end of the stream

  state_ = State::Subscribed;
  if (recovering_) {
    log::info("Re-subscribed to the agent at {}", env_.agent.toString());
    recovering_ = false;
    if (recoveryTimer_) recoveryTimer_->cancel();
  } else {
    log::info("Subscribed to the agent at {}", env_.agent.toString());
  }
}

void ExecutorClient::onChunk(uint64_t generation, const std::string& piece)
{
  if (generation != generation_) return;
  if (headStatus_ != 200) {
    if (errorBody_.size() < 4096) errorBody_ += piece;
    return;
  }
  Try<std::vector<std::string>> records = decoder_->decode(piece);
  if (!records) {
    log::error("Failed to decode the stream of events: {}", records.error().message);
    if (stream_) stream_->cancel();  // ends the stream: handled as a disconnection
    return;
  }
  for (const std::string& record : *records) {
    Try<Event> event = decodeEvent(record, env_.contentType);
    if (!event) {
      log::error("{}", event.error().message);
      continue;
    }
    receive(*event);
    if (generation != generation_) return;  // a callback stopped the client
  }
}

void ExecutorClient::onStreamEnd(uint64_t generation, const Try<Nothing>& result)
{
  if (generation != generation_) return;
  stream_.reset();

  if (headStatus_ != 0 && headStatus_ != 200) {
    // As Mesos 1.5: the agent may still be recovering (503) or not have its
    // routes yet (404); the subscription is retried.
    log::warning("Received '{}' ({}) for SUBSCRIBE; retrying in {}", headStatus_, errorBody_,
                 kSubscribeRetryInterval.toString());
    state_ = State::Connecting;
    retryTimer_ = after(kSubscribeRetryInterval, [this] { subscribe(); });
    return;
  }
  if (headStatus_ == 200) {
    disconnected(result ? "End-Of-File received from agent. The agent closed the event stream"
                        : result.error().message);
  } else {
    disconnected(result ? "The agent closed the connection" : result.error().message);
  }
}

void ExecutorClient::disconnected(const std::string& why)
{
  bool wasSubscribed = state_ == State::Subscribed;
  state_ = State::Disconnected;
  outbox_.clear();
  sending_ = false;
  if (wasSubscribed) log::warning("Disconnected from agent: {}", why);

  if (!recovering_) {
    // As Mesos 1.5: only a checkpointing framework's executor waits for the
    // agent to come back; it cannot come back if it never was there.
    if (!env_.checkpoint || !everConnected_) {
      abandon(why);
      return;
    }
    recovering_ = true;
    log::info("Reconnecting to the agent for up to {}", env_.recoveryTimeout.toString());
    recoveryTimer_ = after(env_.recoveryTimeout, [this] {
      if (!recovering_) return;
      abandon("Recovery timeout of " + env_.recoveryTimeout.toString() + " exceeded");
    });
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  Duration backoff =
      env_.subscriptionBackoffMax * std::uniform_real_distribution<double>(0, 1)(random);
  backoff = std::max(backoff, Duration::milliseconds(10));
  log::debug("Will retry connecting with the agent again in {}", backoff.toString());
  retryTimer_ = after(backoff, [this] { subscribe(); });
}

void ExecutorClient::abandon(const std::string& why)
{
  if (state_ == State::Abandoned || state_ == State::Stopped) return;
  log::error("Giving up on the agent at {}: {}; shutting down", env_.agent.toString(), why);
  state_ = State::Abandoned;
  recovering_ = false;
  ++generation_;
  if (stream_) stream_->cancel();
  stream_.reset();
  if (retryTimer_) retryTimer_->cancel();
  if (recoveryTimer_) recoveryTimer_->cancel();
  if (sendTimer_) sendTimer_->cancel();
  Event event;
  event.set_type(Event::SHUTDOWN);
  callbacks_.received(event);
}

void ExecutorClient::receive(const Event& event)
{
  log::info("Received {} event", Event::Type_Name(event.type()));
  switch (event.type()) {
    case Event::SUBSCRIBED:
      frameworkInfo_ = event.subscribed().framework_info();
      if (event.subscribed().agent_info().has_id()) {
        agentId_ = event.subscribed().agent_info().id().value();
      }
      break;
    case Event::ACKNOWLEDGED: {
      const std::string& uuid = event.acknowledged().uuid();
      auto it = std::find_if(unacknowledged_.begin(), unacknowledged_.end(),
                             [&](const auto& entry) { return entry.first == uuid; });
      if (it == unacknowledged_.end()) {
        log::warning("Received acknowledgement for unknown status update of task '{}'",
                     event.acknowledged().task_id().value());
        return;
      }
      mesos::v1::TaskStatus status = it->second.status();
      unacknowledged_.erase(it);
      unacknowledgedTasks_.erase(status.task_id().value());
      callbacks_.acknowledged(status);
      return;
    }
    default:
      break;
  }
  callbacks_.received(event);
}

void ExecutorClient::launched(const mesos::v1::TaskInfo& task)
{
  unacknowledgedTasks_[task.task_id().value()] = task;
}

void ExecutorClient::update(mesos::v1::TaskStatus status)
{
  if (!status.has_uuid()) status.set_uuid(randomUuid());
  status.set_timestamp(nowSeconds());
  status.set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  status.mutable_executor_id()->set_value(env_.executorId);
  if (!agentId_.empty()) status.mutable_agent_id()->set_value(agentId_);

  log::info("Sending {} for task '{}'{}", mesos::v1::TaskState_Name(status.state()),
            status.task_id().value(), status.has_message() ? ": " + status.message() : "");

  Call call = makeCall(Call::UPDATE);
  *call.mutable_update()->mutable_status() = status;
  unacknowledged_.emplace_back(status.uuid(), call.update());
  if (state_ != State::Subscribed) return;  // goes out with the next SUBSCRIBE
  outbox_.push_back(std::move(call));
  sendNext();
}

void ExecutorClient::sendNext()
{
  if (sending_ || outbox_.empty() || state_ != State::Subscribed) return;
  sending_ = true;
  uint64_t generation = generation_;
  http_.request(env_.agent, makeRequest(outbox_.front()), toMillis(kRequestTimeout))
      .onAny(onStrand([generation](ExecutorClient& self, const Try<http::Response>& response) {
        self.onSent(generation, response);
      }));
}

void ExecutorClient::onSent(uint64_t generation, const Try<http::Response>& response)
{
  if (generation != generation_) return;
  sending_ = false;
  if (outbox_.empty()) return;
  if (response && response->status == 202) {
    outbox_.pop_front();
    sendNext();
    return;
  }
  std::string why = response ? "'" + std::to_string(response->status) + "' (" + response->body + ")"
                             : response.error().message;
  if (!response || response->status == 503) {
    // A blip: try again while the event stream is up; if it breaks, the
    // update goes out with the next SUBSCRIBE anyway.
    log::warning("Failed to send UPDATE: {}; retrying", why);
    sendTimer_ = after(kSubscribeRetryInterval, [this] { sendNext(); });
    return;
  }
  // As Mesos 1.5: the agent refused the call; there is nothing to fix by resending it.
  log::error("The agent refused an UPDATE call: {}", why);
  outbox_.pop_front();
  sendNext();
}

}  // namespace nucleus::executor
