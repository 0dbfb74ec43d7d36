#include "kernel/executor/executor_env.hpp"

#include <cstdlib>
#include <filesystem>

namespace nucleus::executor {

namespace {

Try<std::string> required(const EnvLookup& lookup, const std::string& name)
{
  std::optional<std::string> value = lookup(name);
  if (!value || value->empty()) {
    return Error("Expecting '" + name + "' to be set in the environment");
  }
  return *value;
}

// Leaves `out` alone when the variable is unset.
Try<Nothing> duration(const EnvLookup& lookup, const std::string& name, Duration* out)
{
  std::optional<std::string> value = lookup(name);
  if (!value) return Nothing{};
  Try<Duration> parsed = Duration::parse(*value);
  if (!parsed) {
    return Error("Failed to parse " + name + " '" + *value + "': " + parsed.error().message);
  }
  *out = *parsed;
  return Nothing{};
}

}  // namespace

EnvLookup processEnvironment()
{
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Try<ExecutorEnv> loadExecutorEnv(const EnvLookup& lookup)
{
  ExecutorEnv env;

  Try<std::string> frameworkId = required(lookup, "MESOS_FRAMEWORK_ID");
  if (!frameworkId) return frameworkId.error();
  env.frameworkId = *frameworkId;

  Try<std::string> executorId = required(lookup, "MESOS_EXECUTOR_ID");
  if (!executorId) return executorId.error();
  env.executorId = *executorId;

  Try<std::string> endpoint = required(lookup, "MESOS_AGENT_ENDPOINT");
  if (!endpoint) return endpoint.error();
  Try<http::Url> url = http::parseUrl(*endpoint);
  if (!url) {
    return Error("Failed to parse MESOS_AGENT_ENDPOINT '" + *endpoint +
                 "': " + url.error().message + "; expected host:port");
  }
  env.agent = url->endpoint;

  if (auto agentId = lookup("MESOS_AGENT_ID")) {
    env.agentId = *agentId;
  } else if (auto slaveId = lookup("MESOS_SLAVE_ID")) {
    env.agentId = *slaveId;
  }

  if (auto sandbox = lookup("MESOS_SANDBOX"); sandbox && !sandbox->empty()) {
    env.sandbox = *sandbox;
  } else if (auto directory = lookup("MESOS_DIRECTORY"); directory && !directory->empty()) {
    env.sandbox = *directory;
  } else {
    std::error_code error;
    env.sandbox = std::filesystem::current_path(error).string();
  }

  std::optional<std::string> checkpoint = lookup("MESOS_CHECKPOINT");
  env.checkpoint = checkpoint && *checkpoint == "1";

  for (auto [name, out] :
       {std::pair{"MESOS_RECOVERY_TIMEOUT", &env.recoveryTimeout},
        std::pair{"MESOS_SUBSCRIPTION_BACKOFF_MAX", &env.subscriptionBackoffMax},
        std::pair{"MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", &env.shutdownGracePeriod}}) {
    Try<Nothing> parsed = duration(lookup, name, out);
    if (!parsed) return parsed.error();
  }

  if (auto token = lookup("MESOS_EXECUTOR_AUTHENTICATION_TOKEN"); token && !token->empty()) {
    env.authenticationToken = *token;
  }
  return env;
}

}  // namespace nucleus::executor
