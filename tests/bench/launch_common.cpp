#include "tests/bench/launch_common.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <vector>

#include "kernel/runtime/runtime.hpp"
#include "kernel/scheduler/scheduler_client.hpp"
#include "nucleus/module/resources.hpp"

namespace nucleus::bench {

namespace {

using Clock = std::chrono::steady_clock;
using mesos::v1::scheduler::Call;
using mesos::v1::scheduler::Event;

Resource scalar(const std::string& name, double value, const std::string& role)
{
  Resource resource;
  resource.set_name(name);
  resource.set_type(mesos::v1::Value::SCALAR);
  resource.mutable_scalar()->set_value(value);
  resource.mutable_allocation_info()->set_role(role);
  return resource;
}

class Launcher {
 public:
  Launcher(Runtime& runtime, const LaunchOptions& options) : options_(options), client_(runtime, [&] {
    scheduler::SchedulerClientOptions client;
    client.master.host = options.masterHost;
    client.master.port = static_cast<uint16_t>(options.masterPort);
    client.encoding = options.encoding;
    return client;
  }())
  {
  }

  LaunchResult run()
  {
    mesos::v1::FrameworkInfo framework;
    framework.set_user("root");
    framework.set_name("nucleus launch benchmark");
    framework.add_roles("*");
    framework.add_capabilities()->set_type(mesos::v1::FrameworkInfo::Capability::MULTI_ROLE);
    Try<Nothing> subscribed =
        client_
            .subscribe(framework, [this](const Event& event) { onEvent(event); },
                       [this](const std::string& reason) { fail("stream closed: " + reason); })
            .await(std::chrono::seconds(30));
    if (!subscribed) return LaunchResult{.error = subscribed.error().message};

    std::unique_lock lock(mutex_);
    done_.wait_for(lock, options_.timeout, [this] { return finished_; });
    LaunchResult result = result_;
    if (!finished_) result.error = "timed out";
    lock.unlock();

    Call teardown;
    teardown.set_type(Call::TEARDOWN);
    (void)client_.send(teardown).await(std::chrono::seconds(30));
    (void)client_.disconnect().await(std::chrono::seconds(5));

    std::vector<double> latencies;
    for (const auto& [id, times] : times_) {
      if (times.second != Clock::time_point{}) {
        latencies.push_back(std::chrono::duration<double, std::milli>(times.second - times.first).count());
      }
    }
    std::sort(latencies.begin(), latencies.end());
    if (!latencies.empty()) {
      result.p50LatencyMs = latencies[latencies.size() / 2];
      result.p99LatencyMs = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
    }
    return result;
  }

 private:
  void onEvent(const Event& event)
  {
    if (event.type() == Event::OFFERS) {
      for (const auto& offer : event.offers().offers()) onOffer(offer);
    } else if (event.type() == Event::UPDATE) {
      onUpdate(event.update().status());
    } else if (event.type() == Event::ERROR) {
      fail("ERROR event: " + event.error().message());
    }
  }

  void onOffer(const mesos::v1::Offer& offer)
  {
    Resources offered(offer.resources());
    const std::string role = offer.resources_size() > 0 ? offer.resources(0).allocation_info().role() : "*";
    double cpus = offered.cpus().value_or(0);
    double mem = offered.mem().value_or(0);

    Call call;
    call.set_type(Call::ACCEPT);
    *call.mutable_accept()->add_offer_ids() = offer.id();
    auto* operation = call.mutable_accept()->add_operations();
    operation->set_type(mesos::v1::Offer::Operation::LAUNCH);
    std::vector<std::string> ids;
    {
      std::lock_guard lock(mutex_);
      while (next_ < options_.tasks && cpus >= options_.taskCpus && mem >= options_.taskMem) {
        mesos::v1::TaskInfo* task = operation->mutable_launch()->add_task_infos();
        const std::string id = "bench-" + std::to_string(next_++);
        task->set_name(id);
        task->mutable_task_id()->set_value(id);
        *task->mutable_agent_id() = offer.agent_id();
        task->mutable_command()->set_value(options_.command);
        *task->add_resources() = scalar("cpus", options_.taskCpus, role);
        *task->add_resources() = scalar("mem", options_.taskMem, role);
        cpus -= options_.taskCpus;
        mem -= options_.taskMem;
        ids.push_back(id);
      }
      const auto now = Clock::now();
      if (!started_ && !ids.empty()) {
        started_ = true;
        start_ = now;
      }
      for (const auto& id : ids) times_[id].first = now;
      result_.launched += static_cast<int>(ids.size());
    }
    call.mutable_accept()->mutable_filters()->set_refuse_seconds(ids.empty() ? 3600 : 0);
    client_.send(call);
  }

  void onUpdate(const mesos::v1::TaskStatus& status)
  {
    if (status.has_uuid()) {
      Call ack;
      ack.set_type(Call::ACKNOWLEDGE);
      *ack.mutable_acknowledge()->mutable_agent_id() = status.agent_id();
      *ack.mutable_acknowledge()->mutable_task_id() = status.task_id();
      ack.mutable_acknowledge()->set_uuid(status.uuid());
      client_.send(ack);
    }
    std::lock_guard lock(mutex_);
    if (status.state() == mesos::v1::TASK_RUNNING) {
      auto& times = times_[status.task_id().value()];
      if (times.second == Clock::time_point{}) {
        times.second = Clock::now();
        result_.running++;
        if (result_.running == options_.tasks) {
          result_.seconds = std::chrono::duration<double>(times.second - start_).count();
          finished_ = true;
          done_.notify_all();
        }
      }
    } else if (status.state() != mesos::v1::TASK_STARTING) {
      result_.error = "task " + status.task_id().value() + " reached " +
                      mesos::v1::TaskState_Name(status.state()) + ": " + status.message();
      finished_ = true;
      done_.notify_all();
    }
  }

  void fail(const std::string& why)
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    result_.error = why;
    finished_ = true;
    done_.notify_all();
  }

  const LaunchOptions& options_;
  scheduler::SchedulerClient client_;
  std::mutex mutex_;
  std::condition_variable done_;
  bool finished_ = false;
  bool started_ = false;
  int next_ = 0;
  Clock::time_point start_;
  std::map<std::string, std::pair<Clock::time_point, Clock::time_point>> times_;
  LaunchResult result_;
};

}  // namespace

LaunchResult runLaunches(const LaunchOptions& options)
{
  Runtime runtime;
  runtime.start();
  LaunchResult result = Launcher(runtime, options).run();
  runtime.stop();
  return result;
}

void printLaunchResult(const std::string& title, const LaunchResult& result)
{
  if (!result.error.empty()) {
    std::printf("%s: FAILED after %d running of %d launched: %s\n", title.c_str(), result.running,
                result.launched, result.error.c_str());
    return;
  }
  std::printf("%s: %d tasks in %.2f s\n", title.c_str(), result.running, result.seconds);
  std::printf("  launches/s (ACCEPT -> TASK_RUNNING):  %10.0f\n", result.running / result.seconds);
  std::printf("  latency per task p50 / p99 (ms):       %8.1f / %.1f\n", result.p50LatencyMs,
              result.p99LatencyMs);
}

}  // namespace nucleus::bench
