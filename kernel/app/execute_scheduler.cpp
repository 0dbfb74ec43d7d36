#include "kernel/app/execute_scheduler.hpp"

#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>

#include "kernel/http/url.hpp"
#include "kernel/proto/legacy_fields.hpp"
#include "kernel/scheduler/scheduler_client.hpp"
#include "nucleus/module/resources.hpp"

namespace nucleus::app {

namespace {

using mesos::v1::Offer;
using mesos::v1::TaskState;
using mesos::v1::TaskStatus;
using mesos::v1::scheduler::Call;
using mesos::v1::scheduler::Event;

bool isTerminal(TaskState state)
{
  switch (state) {
    case mesos::v1::TASK_FINISHED:
    case mesos::v1::TASK_FAILED:
    case mesos::v1::TASK_KILLED:
    case mesos::v1::TASK_LOST:
    case mesos::v1::TASK_ERROR:
    case mesos::v1::TASK_DROPPED:
    case mesos::v1::TASK_GONE:
    case mesos::v1::TASK_GONE_BY_OPERATOR:
      return true;
    default:
      return false;
  }
}

Try<http::Endpoint> masterEndpoint(const std::string& master)
{
  std::string url = master;
  if (url.find("://") == std::string::npos) url = "http://" + url;
  Try<http::Url> parsed = http::parseUrl(url);
  if (!parsed) return Error("invalid --master '" + master + "': " + parsed.error().message);
  return parsed->endpoint;
}

// What the task (or each task of the group) takes from an offer: its resources,
// reserved to the framework's role where the offer has them reserved, else
// unreserved (as mesos-execute), without allocation info, which the master
// fills in for a single-role framework.
Resources takeFrom(const Resources& offered, const mesos::v1::TaskInfo& task, const std::string& role)
{
  Resources wanted(task.resources());
  if (role != "*") {
    Resource::ReservationInfo reservation;
    reservation.set_type(Resource::ReservationInfo::STATIC);
    reservation.set_role(role);
    Resources reserved = wanted.pushReservation(reservation);
    if (offered.contains(reserved)) return reserved;
  }
  return wanted;
}

class ExecuteScheduler {
 public:
  ExecuteScheduler(Runtime& runtime, const ExecutePlan& plan, http::Endpoint master)
      : runtime_(runtime),
        plan_(plan),
        client_(runtime, {.master = std::move(master), .encoding = plan.encoding})
  {
    if (plan_.task) {
      pendingTasks_ = 1;
    } else {
      pendingTasks_ = plan_.taskGroup->tasks_size();
    }
  }

  int run()
  {
    Future<Nothing> subscribed = client_.subscribe(
        plan_.framework, [this](const Event& event) { onEvent(event); },
        [this](const std::string& reason) { onClosed(reason); });
    Try<Nothing> result = subscribed.await();
    if (!result) {
      std::fprintf(stderr, "nucleus execute: could not subscribe to the master at %s: %s\n",
                   plan_.master.c_str(), result.error().message.c_str());
      return 1;
    }
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return finished_; });
    lock.unlock();
    teardown();
    return exitCode_;
  }

 private:
  void onEvent(const Event& event)
  {
    switch (event.type()) {
      case Event::SUBSCRIBED:
        std::printf("Subscribed with ID %s\n", event.subscribed().framework_id().value().c_str());
        break;
      case Event::OFFERS:
        for (const Offer& offer : event.offers().offers()) onOffer(offer);
        break;
      case Event::UPDATE: onUpdate(event.update().status()); break;
      case Event::ERROR:
        std::fprintf(stderr, "Received an ERROR event: %s\n", event.error().message().c_str());
        finish(1);
        break;
      case Event::FAILURE:
        if (event.failure().has_executor_id()) {
          std::printf("Executor '%s' on agent '%s' terminated (status %d)\n",
                      event.failure().executor_id().value().c_str(),
                      event.failure().agent_id().value().c_str(), event.failure().status());
        }
        break;
      default: break;  // HEARTBEAT, RESCIND, MESSAGE...
    }
    std::fflush(stdout);
  }

  void onClosed(const std::string& reason)
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    std::fprintf(stderr, "nucleus execute: lost the master: %s\n", reason.c_str());
    finished_ = true;
    exitCode_ = 1;
    done_.notify_all();
  }

  void onOffer(const Offer& offer)
  {
    Resources offered(offer.resources());
    offered.unallocate();
    const std::string role = proto::hasFrameworkRole(plan_.framework) ? proto::frameworkRole(plan_.framework) : "*";

    Call call;
    bool launch = false;
    {
      std::lock_guard lock(mutex_);
      if (!launched_) {
        Offer::Operation operation;
        Resources needed;
        if (plan_.task) {
          mesos::v1::TaskInfo task = *plan_.task;
          *task.mutable_agent_id() = offer.agent_id();
          Resources taken = takeFrom(offered, task, role);
          needed += taken;
          *task.mutable_resources() = taken.toProto();
          operation.set_type(Offer::Operation::LAUNCH);
          *operation.mutable_launch()->add_task_infos() = std::move(task);
        } else {
          operation.set_type(Offer::Operation::LAUNCH_GROUP);
          mesos::v1::ExecutorInfo executor = *plan_.groupExecutor;
          if (client_.frameworkId()) *executor.mutable_framework_id() = *client_.frameworkId();
          needed += Resources(executor.resources());
          *operation.mutable_launch_group()->mutable_executor() = std::move(executor);
          for (mesos::v1::TaskInfo task : plan_.taskGroup->tasks()) {
            *task.mutable_agent_id() = offer.agent_id();
            Resources taken = takeFrom(offered, task, role);
            needed += taken;
            *task.mutable_resources() = taken.toProto();
            *operation.mutable_launch_group()->mutable_task_group()->add_tasks() = std::move(task);
          }
        }
        if (offered.contains(needed)) {
          launch = true;
          launched_ = true;
          call.set_type(Call::ACCEPT);
          *call.mutable_accept()->add_offer_ids() = offer.id();
          *call.mutable_accept()->add_operations() = std::move(operation);
        }
      }
    }

    if (!launch) {
      call.set_type(Call::DECLINE);
      *call.mutable_decline()->add_offer_ids() = offer.id();
      call.mutable_decline()->mutable_filters()->set_refuse_seconds(3600);
    }
    sendChecked(std::move(call));
    if (launch) {
      if (plan_.task) {
        std::printf("Submitted task '%s' to agent '%s'\n", plan_.task->name().c_str(),
                    offer.agent_id().value().c_str());
      } else {
        std::string ids;
        for (const auto& task : plan_.taskGroup->tasks()) {
          ids += (ids.empty() ? "" : ", ") + task.task_id().value();
        }
        std::printf("Submitted task group with tasks [ %s ] to agent '%s'\n", ids.c_str(),
                    offer.agent_id().value().c_str());
      }
      // Nothing else to launch: stop offers, as mesos-execute does.
      Call suppress;
      suppress.set_type(Call::SUPPRESS);
      sendChecked(std::move(suppress));
    }
  }

  void onUpdate(const TaskStatus& status)
  {
    std::printf("Received status update %s for task '%s'\n",
                mesos::v1::TaskState_Name(status.state()).c_str(), status.task_id().value().c_str());
    if (status.has_message()) std::printf("  message: '%s'\n", status.message().c_str());
    if (status.has_source()) {
      std::printf("  source: %s\n", TaskStatus::Source_Name(status.source()).c_str());
    }
    if (status.has_reason()) {
      std::printf("  reason: %s\n", TaskStatus::Reason_Name(status.reason()).c_str());
    }
    if (status.has_healthy()) std::printf("  healthy?: %d\n", status.healthy() ? 1 : 0);
    std::fflush(stdout);

    if (plan_.killAfter && status.state() == mesos::v1::TASK_RUNNING) scheduleKill(status);

    // A terminal update counts once its acknowledgement is answered, so that the
    // teardown that follows cannot overtake it.
    const bool terminal = isTerminal(status.state());
    const bool finishedTask = status.state() == mesos::v1::TASK_FINISHED;
    if (status.has_uuid()) {
      Call ack;
      ack.set_type(Call::ACKNOWLEDGE);
      *ack.mutable_acknowledge()->mutable_agent_id() = status.agent_id();
      *ack.mutable_acknowledge()->mutable_task_id() = status.task_id();
      ack.mutable_acknowledge()->set_uuid(status.uuid());
      sendChecked(std::move(ack), [this, terminal, finishedTask] {
        if (terminal) taskEnded(finishedTask);
      });
    } else if (terminal) {
      taskEnded(finishedTask);
    }
  }

  void taskEnded(bool finished)
  {
    std::lock_guard lock(mutex_);
    if (!finished) failedTasks_++;
    if (--pendingTasks_ <= 0 && !finished_) {
      finished_ = true;
      exitCode_ = failedTasks_ == 0 ? 0 : 1;
      done_.notify_all();
    }
  }

  void scheduleKill(const TaskStatus& status)
  {
    auto timer = std::make_shared<boost::asio::steady_timer>(runtime_.io(), plan_.killAfter->chrono());
    timer->async_wait([this, timer, taskId = status.task_id(),
                       agentId = status.agent_id()](const boost::system::error_code& ec) {
      if (ec) return;
      std::printf("Asked to kill task '%s' on agent '%s'\n", taskId.value().c_str(),
                  agentId.value().c_str());
      std::fflush(stdout);
      Call kill;
      kill.set_type(Call::KILL);
      *kill.mutable_kill()->mutable_task_id() = taskId;
      *kill.mutable_kill()->mutable_agent_id() = agentId;
      sendChecked(std::move(kill));
    });
    std::lock_guard lock(mutex_);
    timers_.push_back(timer);
  }

  // A refused call ends the run with the master's message; `then` runs after an accepted one.
  void sendChecked(Call call, std::function<void()> then = {})
  {
    const std::string type = Call::Type_Name(call.type());
    client_.send(std::move(call)).onAny([this, type, then](const Try<scheduler::CallResult>& result) {
      if (result && result->status / 100 == 2) {
        if (then) then();
        return;
      }
      {
        std::lock_guard lock(mutex_);
        if (finished_) return;  // e.g. the teardown raced an acknowledgement
      }
      std::string why = result ? std::to_string(result->status) + " " + result->body
                               : result.error().message;
      std::fprintf(stderr, "nucleus execute: the master refused %s: %s\n", type.c_str(),
                   why.c_str());
      finish(1);
    });
  }

  void finish(int code)
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    exitCode_ = code;
    done_.notify_all();
  }

  // Ends the framework so that its executors and offers go away at once.
  void teardown()
  {
    {
      std::lock_guard lock(mutex_);
      for (auto& timer : timers_) timer->cancel();
      timers_.clear();
    }
    if (!client_.frameworkId()) return;
    Call call;
    call.set_type(Call::TEARDOWN);
    (void)client_.send(std::move(call)).await(std::chrono::seconds(5));
    (void)client_.disconnect().await(std::chrono::seconds(5));
  }

  Runtime& runtime_;
  const ExecutePlan& plan_;
  scheduler::SchedulerClient client_;

  std::mutex mutex_;
  std::condition_variable done_;
  bool launched_ = false;
  bool finished_ = false;
  int pendingTasks_ = 0;
  int failedTasks_ = 0;
  int exitCode_ = 1;
  std::vector<std::shared_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace

int runExecutePlan(Runtime& runtime, const ExecutePlan& plan)
{
  Try<http::Endpoint> master = masterEndpoint(plan.master);
  if (!master) {
    std::fprintf(stderr, "nucleus execute: %s\n", master.error().message.c_str());
    return 1;
  }
  ExecuteScheduler scheduler(runtime, plan, *master);
  return scheduler.run();
}

}  // namespace nucleus::app
