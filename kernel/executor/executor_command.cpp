#include "kernel/executor/executor_command.hpp"

#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <memory>

#include "kernel/common/logging.hpp"
#include "kernel/executor/command_executor.hpp"
#include "kernel/executor/default_executor.hpp"
#include "kernel/executor/executor_codec.hpp"
#include "kernel/executor/executor_env.hpp"

namespace nucleus::executor {

namespace {

constexpr const char* kUsage =
    "Usage: nucleus executor <command|default> [--content_type=protobuf|json]\n"
    "\n"
    "Runs a built-in executor; the agent starts it with the MESOS_* environment.\n"
    "  command   runs one task (LAUNCH), as Mesos' command executor\n"
    "  default   runs task groups (LAUNCH_GROUP), as Mesos' default executor\n"
    "\n"
    "  --content_type=VALUE   encoding of the executor API calls and events:\n"
    "                         protobuf (default) or json\n";

int usageError(const std::string& message)
{
  std::fprintf(stderr, "%s\n\n%s", message.c_str(), kUsage);
  return 1;
}

template <typename E>
int run(ExecutorEnv env)
{
  Runtime runtime(Runtime::Options{.ioThreads = 2, .blockingThreads = 1});
  runtime.start();
  auto executor = spawn<E>(runtime, std::move(env));

  // SIGTERM or SIGINT (the agent or an operator): shut down like a SHUTDOWN event.
  boost::asio::signal_set signals(runtime.io(), SIGTERM, SIGINT);
  std::function<void(const boost::system::error_code&, int)> onSignal;
  onSignal = [&](const boost::system::error_code& error, int) {
    if (error) return;
    send(executor, [](E& e) { e.requestShutdown(); });
    signals.async_wait(onSignal);
  };
  signals.async_wait(onSignal);

  Try<int> code = dispatch(executor, [](E& e) { return e.start(); }).await();
  boost::system::error_code ignored;
  signals.cancel(ignored);
  runtime.stop();
  executor.reset();
  if (!code) {
    log::error("Executor failed: {}", code.error().message);
    return 1;
  }
  return *code;
}

}  // namespace

int runExecutor(const std::vector<std::string>& args)
{
  if (args.empty()) return usageError("Missing the executor kind");
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::printf("%s", kUsage);
    return 0;
  }
  const std::string& kind = args[0];
  if (kind != "command" && kind != "default") {
    return usageError("Unknown executor '" + kind + "'; the executors are command and default");
  }

  ContentType contentType = ContentType::Protobuf;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::printf("%s", kUsage);
      return 0;
    }
    const std::string prefix = "--content_type=";
    if (arg.rfind(prefix, 0) == 0) {
      Try<ContentType> parsed = parseContentType(arg.substr(prefix.size()));
      if (!parsed) return usageError("Invalid value for --content_type: " + parsed.error().message);
      contentType = *parsed;
      continue;
    }
    return usageError("Unknown flag '" + arg + "'");
  }

  Try<ExecutorEnv> env = loadExecutorEnv(processEnvironment());
  if (!env) {
    std::fprintf(stderr, "%s\n", env.error().message.c_str());
    return 1;
  }
  env->contentType = contentType;
  return kind == "command" ? run<CommandExecutor>(std::move(*env))
                           : run<DefaultExecutor>(std::move(*env));
}

}  // namespace nucleus::executor
