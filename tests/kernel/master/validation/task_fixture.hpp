#pragma once

// Shared fixtures for the task and task-group validation tests: a framework in
// role "r", an agent "a1", and offered resources allocated to "r".

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "kernel/master/validation/validation.hpp"
#include "tests/module-api/resource_builders.hpp"

namespace nucleus::testing {

inline Resource inRole(Resource resource)
{
  return allocated(std::move(resource), "r");
}

struct TaskFixture {
  mesos::v1::FrameworkInfo framework;
  mesos::v1::AgentInfo agent;
  Resources available;
  std::set<std::string> usedTaskIds;
  std::map<std::string, mesos::v1::ExecutorInfo> executors;

  TaskFixture()
  {
    framework.set_user("u");
    framework.set_name("f");
    framework.mutable_id()->set_value("f1");
    agent.set_hostname("h");
    agent.mutable_id()->set_value("a1");
    available = bag({inRole(scalar("cpus", 4)), inRole(scalar("mem", 1024)),
                     inRole(scalar("disk", 1024)), inRole(ranges("ports", {{31000, 32000}}))});
  }

  master::validation::TaskContext context() const
  {
    return {framework, agent, available,
            [this](const mesos::v1::TaskID& id) { return usedTaskIds.count(id.value()) != 0; },
            [this](const mesos::v1::ExecutorID& id) -> std::optional<mesos::v1::ExecutorInfo> {
              auto it = executors.find(id.value());
              if (it == executors.end()) return std::nullopt;
              return it->second;
            }};
  }
};

inline mesos::v1::TaskInfo task(const std::string& id,
                                std::function<void(mesos::v1::TaskInfo&)> edit = {})
{
  mesos::v1::TaskInfo t;
  t.set_name("task");
  t.mutable_task_id()->set_value(id);
  t.mutable_agent_id()->set_value("a1");
  *t.add_resources() = inRole(scalar("cpus", 1));
  *t.add_resources() = inRole(scalar("mem", 128));
  if (edit) edit(t);
  return t;
}

inline mesos::v1::TaskInfo commandTask(const std::string& id,
                                       std::function<void(mesos::v1::TaskInfo&)> edit = {})
{
  return task(id, [&](mesos::v1::TaskInfo& t) {
    t.mutable_command()->set_value("sleep 1");
    if (edit) edit(t);
  });
}

inline mesos::v1::ExecutorInfo executor(const std::string& id, mesos::v1::ExecutorInfo::Type type,
                                        std::initializer_list<Resource> resources)
{
  mesos::v1::ExecutorInfo e;
  e.mutable_executor_id()->set_value(id);
  e.set_type(type);
  if (type == mesos::v1::ExecutorInfo::CUSTOM) e.mutable_command()->set_value("./executor");
  for (const Resource& r : resources) *e.add_resources() = r;
  return e;
}

}  // namespace nucleus::testing
