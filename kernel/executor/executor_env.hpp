#pragma once

// What the agent tells an executor through its environment (as Mesos 1.5's
// executor library reads it): who it is, where the agent's executor API is,
// its sandbox, and how long to wait for things.
//
//   MESOS_FRAMEWORK_ID, MESOS_EXECUTOR_ID        required
//   MESOS_AGENT_ENDPOINT                         required, "host:port"
//   MESOS_SANDBOX, else MESOS_DIRECTORY          working directory of tasks (default: cwd)
//   MESOS_CHECKPOINT=1                           reconnect after the agent goes away
//   MESOS_RECOVERY_TIMEOUT                       give up reconnecting after it (15mins)
//   MESOS_SUBSCRIPTION_BACKOFF_MAX               upper bound of a retry delay (2secs)
//   MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD         5secs
//   MESOS_EXECUTOR_AUTHENTICATION_TOKEN          sent as `Authorization: Bearer <token>`
//   MESOS_SLAVE_ID / MESOS_AGENT_ID              the agent's ID (until SUBSCRIBED says it)
//
// Thread safety: pure functions and a plain value.

#include <functional>
#include <optional>
#include <string>

#include "kernel/common/duration.hpp"
#include "kernel/http/url.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::executor {

enum class ContentType { Protobuf, Json };

struct ExecutorEnv {
  std::string frameworkId;
  std::string executorId;
  std::string agentId;  // may be empty
  http::Endpoint agent;
  std::string sandbox;
  bool checkpoint = false;
  Duration recoveryTimeout = Duration::minutes(15);
  Duration subscriptionBackoffMax = Duration::seconds(2);
  Duration shutdownGracePeriod = Duration::seconds(5);
  std::optional<std::string> authenticationToken;
  ContentType contentType = ContentType::Protobuf;
};

// Looks a variable up; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
EnvLookup processEnvironment();

// Reads the variables above. Errors name the variable and what is wrong:
// "Expecting 'MESOS_FRAMEWORK_ID' to be set in the environment".
Try<ExecutorEnv> loadExecutorEnv(const EnvLookup& lookup);

}  // namespace nucleus::executor
