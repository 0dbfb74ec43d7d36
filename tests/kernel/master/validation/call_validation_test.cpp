// Scheduler and executor Call shape validation.
#include <doctest/doctest.h>

#include <functional>

#include "kernel/master/validation/validation.hpp"

using namespace nucleus;
using namespace nucleus::master::validation;
using SchedulerCall = mesos::v1::scheduler::Call;
using ExecutorCall = mesos::v1::executor::Call;

namespace {

// A version-4 UUID's 16 bytes.
std::string uuid()
{
  std::string bytes(16, '\x11');
  bytes[6] = '\x40';
  return bytes;
}

SchedulerCall schedulerCall(SchedulerCall::Type type, std::function<void(SchedulerCall&)> edit = {})
{
  SchedulerCall call;
  call.set_type(type);
  call.mutable_framework_id()->set_value("f1");
  if (edit) edit(call);
  return call;
}

SchedulerCall subscribeCall(std::function<void(SchedulerCall&)> edit = {})
{
  SchedulerCall call;
  call.set_type(SchedulerCall::SUBSCRIBE);
  auto* info = call.mutable_subscribe()->mutable_framework_info();
  info->set_user("u");
  info->set_name("n");
  if (edit) edit(call);
  return call;
}

}  // namespace

TEST_CASE("validateSchedulerCall")
{
  struct Case {
    const char* name;
    SchedulerCall call;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"no type",
       [] {
         SchedulerCall c;
         return c;
       }(),
       "Expecting 'type' to be present"},
      {"subscribe", subscribeCall(), ""},
      {"subscribe without message",
       [] {
         SchedulerCall c;
         c.set_type(SchedulerCall::SUBSCRIBE);
         return c;
       }(),
       "Expecting 'subscribe' to be present"},
      {"subscribe framework id mismatch",
       subscribeCall([](auto& c) { c.mutable_framework_id()->set_value("x"); }),
       "'framework_id' differs from 'subscribe.framework_info.id'"},
      {"resubscribe with matching ids", subscribeCall([](auto& c) {
         c.mutable_framework_id()->set_value("x");
         c.mutable_subscribe()->mutable_framework_info()->mutable_id()->set_value("x");
       }),
       ""},
      {"uninitialized", subscribeCall([](auto& c) {
         c.mutable_subscribe()->mutable_framework_info()->clear_user();
       }),
       "Not initialized: subscribe.framework_info.user"},
      {"teardown without framework id",
       [] {
         SchedulerCall c;
         c.set_type(SchedulerCall::TEARDOWN);
         return c;
       }(),
       "Expecting 'framework_id' to be present"},
      {"teardown", schedulerCall(SchedulerCall::TEARDOWN), ""},
      {"accept without accept", schedulerCall(SchedulerCall::ACCEPT),
       "Expecting 'accept' to be present"},
      {"accept", schedulerCall(SchedulerCall::ACCEPT, [](auto& c) { c.mutable_accept(); }), ""},
      {"decline", schedulerCall(SchedulerCall::DECLINE), "Expecting 'decline' to be present"},
      {"kill", schedulerCall(SchedulerCall::KILL), "Expecting 'kill' to be present"},
      {"shutdown", schedulerCall(SchedulerCall::SHUTDOWN), "Expecting 'shutdown' to be present"},
      {"reconcile", schedulerCall(SchedulerCall::RECONCILE), "Expecting 'reconcile' to be present"},
      {"message", schedulerCall(SchedulerCall::MESSAGE), "Expecting 'message' to be present"},
      {"request", schedulerCall(SchedulerCall::REQUEST), "Expecting 'request' to be present"},
      {"revive needs nothing", schedulerCall(SchedulerCall::REVIVE), ""},
      {"suppress needs nothing", schedulerCall(SchedulerCall::SUPPRESS), ""},
      {"acknowledge bad uuid",
       schedulerCall(SchedulerCall::ACKNOWLEDGE,
                     [](auto& c) {
                       auto* a = c.mutable_acknowledge();
                       a->mutable_agent_id()->set_value("a");
                       a->mutable_task_id()->set_value("t");
                       a->set_uuid("short");
                     }),
       "Not a valid UUID"},
      {"acknowledge",
       schedulerCall(SchedulerCall::ACKNOWLEDGE,
                     [](auto& c) {
                       auto* a = c.mutable_acknowledge();
                       a->mutable_agent_id()->set_value("a");
                       a->mutable_task_id()->set_value("t");
                       a->set_uuid(uuid());
                     }),
       ""},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(validateSchedulerCall(c.call).message() == c.error);
  }
}

TEST_CASE("validateSchedulerCall with an authenticated principal")
{
  SchedulerCall call = subscribeCall(
      [](auto& c) { c.mutable_subscribe()->mutable_framework_info()->set_principal("p"); });
  CHECK(validateSchedulerCall(call, std::string("p")).message() == "");
  CHECK(validateSchedulerCall(call, std::string("q")).message() ==
        "Authenticated principal 'q' does not match principal 'p' set in `FrameworkInfo`");
}

TEST_CASE("validateExecutorCall")
{
  auto call = [](ExecutorCall::Type type, std::function<void(ExecutorCall&)> edit = {}) {
    ExecutorCall c;
    c.set_type(type);
    c.mutable_executor_id()->set_value("e");
    c.mutable_framework_id()->set_value("f");
    if (edit) edit(c);
    return c;
  };
  auto update = [&](std::function<void(mesos::v1::TaskStatus&)> edit) {
    return call(ExecutorCall::UPDATE, [&](ExecutorCall& c) {
      auto* status = c.mutable_update()->mutable_status();
      status->mutable_task_id()->set_value("t");
      status->set_state(mesos::v1::TASK_RUNNING);
      status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
      status->set_uuid(uuid());
      edit(*status);
    });
  };

  struct Case {
    const char* name;
    ExecutorCall call;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"uninitialized",
       [] {
         ExecutorCall c;
         c.set_type(ExecutorCall::SUBSCRIBE);
         return c;
       }(),
       "Not initialized: executor_id, framework_id"},
      {"no type",
       [&] {
         ExecutorCall c = call(ExecutorCall::SUBSCRIBE);
         c.clear_type();
         return c;
       }(),
       "Expecting 'type' to be present"},
      {"subscribe without message", call(ExecutorCall::SUBSCRIBE),
       "Expecting 'subscribe' to be present"},
      {"subscribe", call(ExecutorCall::SUBSCRIBE, [](auto& c) { c.mutable_subscribe(); }), ""},
      {"update", update([](auto&) {}), ""},
      {"update without uuid", update([](auto& s) { s.clear_uuid(); }),
       "Expecting 'uuid' to be present"},
      {"update with bad uuid", update([](auto& s) { s.set_uuid(std::string(16, '\0')); }),
       "Not a valid UUID"},
      {"update executor mismatch", update([](auto& s) { s.mutable_executor_id()->set_value("x"); }),
       "ExecutorID in Call: e does not match ExecutorID in TaskStatus: x"},
      {"update from the agent",
       update([](auto& s) { s.set_source(mesos::v1::TaskStatus::SOURCE_AGENT); }),
       "Received Call from executor e of framework f with invalid source, expecting "
       "'SOURCE_EXECUTOR'"},
      {"update staging", update([](auto& s) { s.set_state(mesos::v1::TASK_STAGING); }),
       "Received TASK_STAGING from executor e of framework f which is not allowed"},
      {"update with bad check status",
       update([](auto& s) { s.mutable_check_status()->set_type(mesos::v1::CheckInfo::HTTP); }),
       "Expecting 'http' to be set for HTTP check's status"},
      {"message", call(ExecutorCall::MESSAGE), "Expecting 'message' to be present"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(validateExecutorCall(c.call).message() == c.error);
  }
}
