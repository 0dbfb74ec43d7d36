#pragma once

// Test helpers: run a built executor process against a FakeAgent, and build
// tasks.
//
// Thread safety: a harness belongs to one test.

#include <sys/wait.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mesos/v1/mesos.pb.h"
#include "tests/kernel/executor/fake_agent.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace nucleus::testing {

// The test-only binary that runs runExecutor() (built beside this test).
inline std::string executorBinary()
{
  return NUCLEUS_EXECUTOR_TEST_BINARY;
}

class ExecutorRun {
 public:
  // Starts `<binary> <kind> <flags...>` (binary: executorBinary(), or e.g.
  // `nucleus executor` as {nucleusBinary(), "executor"}).
  ExecutorRun(FakeAgent& agent, const std::string& kind,
              const std::map<std::string, std::string>& extraEnv = {},
              const std::vector<std::string>& flags = {},
              std::vector<std::string> command = {executorBinary()})
  {
    std::map<std::string, std::string> env = agent.executorEnvironment(sandbox.path().string());
    for (const auto& [name, value] : extraEnv) env[name] = value;
    command.push_back(kind);
    command.insert(command.end(), flags.begin(), flags.end());
    process = std::make_unique<Process>(command, sandbox / "executor.log", env);
  }

  // The wait status once the executor exited; -1 if it did not in time.
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(30))
  {
    return process->stop(0, timeout);
  }
  bool exitedWith(int code, std::chrono::milliseconds timeout = std::chrono::seconds(30))
  {
    int status = wait(timeout);
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
  }
  std::string log() const { return process->log(); }

  TempDir sandbox;
  std::unique_ptr<Process> process;
};

inline mesos::v1::TaskInfo shellTask(const std::string& id, const std::string& command,
                                     const std::map<std::string, std::string>& env = {})
{
  mesos::v1::TaskInfo task;
  task.set_name(id);
  task.mutable_task_id()->set_value(id);
  task.mutable_agent_id()->set_value("agent-1");
  task.mutable_command()->set_value(command);
  for (const auto& [name, value] : env) {
    auto* variable = task.mutable_command()->mutable_environment()->add_variables();
    variable->set_name(name);
    variable->set_value(value);
  }
  return task;
}

}  // namespace nucleus::testing
