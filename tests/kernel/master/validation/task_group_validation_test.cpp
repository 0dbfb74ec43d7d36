// LAUNCH_GROUP validation: Mesos 1.5's checks and texts.
#include <doctest/doctest.h>

#include "task_fixture.hpp"

using namespace nucleus;
using namespace nucleus::testing;
using namespace nucleus::master::validation;
using mesos::v1::ExecutorInfo;
using mesos::v1::TaskGroupInfo;
using mesos::v1::TaskInfo;

namespace {

ExecutorInfo defaultExecutor()
{
  return executor(
      "default", ExecutorInfo::DEFAULT,
      {inRole(scalar("cpus", 0.1)), inRole(scalar("mem", 32)), inRole(scalar("disk", 32))});
}

TaskGroupInfo group(std::initializer_list<TaskInfo> tasks)
{
  TaskGroupInfo g;
  for (const TaskInfo& t : tasks) *g.add_tasks() = t;
  return g;
}

}  // namespace

TEST_CASE("validateTaskGroup")
{
  TaskFixture fixture;
  fixture.usedTaskIds = {"taken"};
  const ExecutorInfo plain = defaultExecutor();

  struct Case {
    const char* name;
    TaskGroupInfo group;
    ExecutorInfo executor;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"valid", group({task("t1"), task("t2")}), plain, ""},
      {"duplicate task id", group({task("t1"), task("taken")}), plain,
       "Task 'taken' is invalid: Task has duplicate ID: taken"},
      {"task with network infos",
       group({task("t1",
                   [](auto& t) {
                     t.mutable_container()->set_type(mesos::v1::ContainerInfo::MESOS);
                     t.mutable_container()->add_network_infos();
                   })}),
       plain, "Task 't1' is invalid: NetworkInfos must not be set on the task"},
      {"docker task",
       group({task(
           "t1",
           [](auto& t) { t.mutable_container()->set_type(mesos::v1::ContainerInfo::DOCKER); })}),
       plain, "Task 't1' is invalid: Docker ContainerInfo is not supported on the task"},
      {"executor without type", group({task("t1")}),
       [&] {
         ExecutorInfo e = plain;
         e.clear_type();
         return e;
       }(),
       "'ExecutorInfo.type' must be set"},
      {"default executor with command", group({task("t1")}),
       [&] {
         ExecutorInfo e = plain;
         e.mutable_command()->set_value("x");
         return e;
       }(),
       "'ExecutorInfo.command' must not be set for 'DEFAULT' executor"},
      {"task with another executor",
       group({task("t1",
                   [](auto& t) {
                     *t.mutable_executor() =
                         executor("other", ExecutorInfo::DEFAULT, {inRole(scalar("cpus", 0.1))});
                   })}),
       plain, "The `ExecutorInfo` of task 't1' is different from executor 'default'"},
      {"executor below minimum cpus", group({task("t1")}),
       executor(
           "default", ExecutorInfo::DEFAULT,
           {inRole(scalar("cpus", 0.005)), inRole(scalar("mem", 32)), inRole(scalar("disk", 32))}),
       "Executor 'default' uses less CPUs (0.005) than the minimum required (0.01)"},
      {"executor without mem", group({task("t1")}),
       executor("default", ExecutorInfo::DEFAULT, {inRole(scalar("cpus", 0.1))}),
       "Executor 'default' uses less memory (None) than the minimum required (32MB)"},
      {"executor below minimum mem", group({task("t1")}),
       executor("default", ExecutorInfo::DEFAULT,
                {inRole(scalar("cpus", 0.1)), inRole(scalar("mem", 16))}),
       "Executor 'default' uses less memory (16MB) than the minimum required (32MB)"},
      {"executor without disk", group({task("t1")}),
       executor("default", ExecutorInfo::DEFAULT,
                {inRole(scalar("cpus", 0.1)), inRole(scalar("mem", 32))}),
       "Executor 'default' uses no disk"},
      {"too much",
       group({task("t1", [](auto& t) { *t.add_resources() = inRole(scalar("cpus", 4)); })}), plain,
       "Total resources cpus(allocated: r)(*):5.1; mem(allocated: r)(*):160; disk(allocated: "
       "r)(*):32 required by task group and its executor are more than available cpus(allocated: "
       "r)(*):4; mem(allocated: r)(*):1024; disk(allocated: r)(*):1024; ports(allocated: "
       "r)(*):[31000-32000]"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(validateTaskGroup(c.group, c.executor, fixture.context()).message() == c.error);
  }
}

TEST_CASE("validateTaskGroup: a running executor's resources are not needed again")
{
  TaskFixture fixture;
  fixture.available = bag({inRole(scalar("cpus", 1)), inRole(scalar("mem", 128))});
  ExecutorInfo e = defaultExecutor();
  CHECK_FALSE(validateTaskGroup(group({task("t1")}), e, fixture.context()));
  e.mutable_framework_id()->set_value("f1");
  fixture.executors["default"] = e;
  CHECK(validateTaskGroup(group({task("t1")}), e, fixture.context()).message() == "");
}
