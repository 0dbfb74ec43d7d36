// Pure parts of the executors: the MESOS_* environment, wait status texts,
// grace periods, and how a CommandInfo becomes an argv and an environment.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <csignal>
#include <map>

#include "kernel/executor/executor_env.hpp"
#include "kernel/executor/task_process.hpp"
#include "kernel/executor/task_status.hpp"

using namespace nucleus;
using namespace nucleus::executor;

namespace {

EnvLookup lookupIn(std::map<std::string, std::string> vars)
{
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::map<std::string, std::string> minimalEnv()
{
  return {{"MESOS_FRAMEWORK_ID", "f"},
          {"MESOS_EXECUTOR_ID", "e"},
          {"MESOS_AGENT_ENDPOINT", "127.0.0.1:5051"},
          {"MESOS_SANDBOX", "/tmp/sandbox"}};
}

}  // namespace

TEST_CASE("the executor reads the agent's MESOS_* environment")
{
  auto vars = minimalEnv();
  vars["MESOS_CHECKPOINT"] = "1";
  vars["MESOS_RECOVERY_TIMEOUT"] = "1mins";
  vars["MESOS_SUBSCRIPTION_BACKOFF_MAX"] = "500ms";
  vars["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"] = "10secs";
  vars["MESOS_SLAVE_ID"] = "agent-7";
  Try<ExecutorEnv> env = loadExecutorEnv(lookupIn(vars));
  REQUIRE_MESSAGE(env.has_value(), env.error().message);
  CHECK(env->frameworkId == "f");
  CHECK(env->executorId == "e");
  CHECK(env->agentId == "agent-7");
  CHECK(env->agent.host == "127.0.0.1");
  CHECK(env->agent.port == 5051);
  CHECK(env->sandbox == "/tmp/sandbox");
  CHECK(env->checkpoint);
  CHECK(env->recoveryTimeout == Duration::minutes(1));
  CHECK(env->subscriptionBackoffMax == Duration::milliseconds(500));
  CHECK(env->shutdownGracePeriod == Duration::seconds(10));
}

TEST_CASE("defaults apply when the optional variables are unset")
{
  Try<ExecutorEnv> env = loadExecutorEnv(lookupIn(minimalEnv()));
  REQUIRE(env.has_value());
  CHECK_FALSE(env->checkpoint);
  CHECK(env->recoveryTimeout == Duration::minutes(15));
  CHECK(env->shutdownGracePeriod == Duration::seconds(5));
}

TEST_CASE("a missing or malformed variable is named in the error")
{
  struct Case {
    std::string variable;
    std::optional<std::string> value;  // nullopt: unset
    std::string error;
  };
  const Case cases[] = {
      {"MESOS_FRAMEWORK_ID", std::nullopt,
       "Expecting 'MESOS_FRAMEWORK_ID' to be set in the environment"},
      {"MESOS_EXECUTOR_ID", std::nullopt,
       "Expecting 'MESOS_EXECUTOR_ID' to be set in the environment"},
      {"MESOS_AGENT_ENDPOINT", std::nullopt,
       "Expecting 'MESOS_AGENT_ENDPOINT' to be set in the environment"},
      {"MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "soon",
       "Failed to parse MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD 'soon'"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.variable);
    auto vars = minimalEnv();
    if (c.value) {
      vars[c.variable] = *c.value;
    } else {
      vars.erase(c.variable);
    }
    Try<ExecutorEnv> env = loadExecutorEnv(lookupIn(vars));
    REQUIRE_FALSE(env.has_value());
    CHECK(env.error().message.rfind(c.error, 0) == 0);
  }
}

TEST_CASE("wait statuses read as Mesos writes them")
{
  CHECK(describeWaitStatus(W_EXITCODE(3, 0)) == "exited with status 3");
  CHECK(describeWaitStatus(W_EXITCODE(0, 0)) == "exited with status 0");
  CHECK(describeWaitStatus(W_EXITCODE(0, SIGKILL)) == "terminated with signal Killed");
  CHECK(describeWaitStatus(W_EXITCODE(0, SIGTERM)) == "terminated with signal Terminated");
}

TEST_CASE("the KILL event's grace period wins over the task's, else 3 seconds")
{
  mesos::v1::TaskInfo task;
  CHECK(killGracePeriod(nullptr, task) == Duration::seconds(3));
  task.mutable_kill_policy()->mutable_grace_period()->set_nanoseconds(2'000'000'000);
  CHECK(killGracePeriod(nullptr, task) == Duration::seconds(2));
  mesos::v1::KillPolicy fromKill;
  fromKill.mutable_grace_period()->set_nanoseconds(500'000'000);
  CHECK(killGracePeriod(&fromKill, task) == Duration::milliseconds(500));
}

TEST_CASE("status update uuids are 16 random bytes")
{
  std::string a = randomUuid();
  std::string b = randomUuid();
  CHECK(a.size() == 16);
  CHECK(a != b);
}

TEST_CASE("a CommandInfo becomes an argv")
{
  mesos::v1::CommandInfo shell;
  shell.set_value("echo hi");
  Try<TaskArgv> args = taskArgv(shell, {});
  REQUIRE(args.has_value());
  CHECK(args->executable == "/bin/sh");
  CHECK(args->argv == std::vector<std::string>{"sh", "-c", "echo hi"});

  mesos::v1::CommandInfo plain;
  plain.set_shell(false);
  plain.set_value("/bin/echo");
  plain.add_arguments("echo");
  plain.add_arguments("a b");
  args = taskArgv(plain, {});
  REQUIRE(args.has_value());
  CHECK(args->executable == "/bin/echo");
  CHECK(args->argv == std::vector<std::string>{"echo", "a b"});

  plain.set_value("sh");  // looked up in the task's PATH
  args = taskArgv(plain, {{"PATH", "/nonexistent:/bin"}});
  REQUIRE(args.has_value());
  CHECK(args->executable == "/bin/sh");

  mesos::v1::CommandInfo empty;
  CHECK_FALSE(taskArgv(empty, {}).has_value());
}

TEST_CASE("the CommandInfo's variables override the executor's, secrets are skipped")
{
  mesos::v1::CommandInfo command;
  auto* a = command.mutable_environment()->add_variables();
  a->set_name("A");
  a->set_value("from-command");
  auto* secret = command.mutable_environment()->add_variables();
  secret->set_name("S");
  secret->set_type(mesos::v1::Environment::Variable::SECRET);
  auto env = taskEnvironment(command, {{"A", "extra"}, {"B", "extra"}});
  CHECK(env["A"] == "from-command");
  CHECK(env["B"] == "extra");
  CHECK(env.count("S") == 0);
  CHECK(env.count("PATH") == 1);  // the executor's own environment is inherited
}
