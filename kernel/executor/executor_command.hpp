#pragma once

// `nucleus executor command|default [--content_type=protobuf|json]`: runs one
// of the built-in executors as this process. The agent starts it with the
// MESOS_* environment (see executor_env.hpp); it subscribes to the agent's
// executor API, runs its tasks, and returns once it is done: 0 after its
// terminal updates were acknowledged or it was shut down, 1 on a usage or
// environment error, or when it had to give up (no ACK, grace period over).
//
// Thread safety: call from main's thread.

#include <string>
#include <vector>

namespace nucleus::executor {

int runExecutor(const std::vector<std::string>& args);

}  // namespace nucleus::executor
