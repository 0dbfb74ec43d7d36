#include "tests/kernel/agent/agent_fixture.hpp"

#include "kernel/agent/agent.hpp"
#include "kernel/proto/resources_text.hpp"
#include "tests/support/process.hpp"

namespace nucleus::agent::testing {

using nucleus::internal::AgentEvent;

AgentSettings fastSettings()
{
  AgentSettings settings;
  settings.registrationBackoffFactor = Duration::milliseconds(10);
  settings.registrationBackoffMax = Duration::milliseconds(200);
  settings.statusUpdateRetryInterval = Duration::milliseconds(300);
  settings.statusUpdateRetryIntervalMax = Duration::seconds(1);
  settings.executorShutdownGracePeriod = Duration::seconds(2);
  settings.executorBinary = executorBinary();
  return settings;
}

std::string executorBinary()
{
#ifdef NUCLEUS_AGENT_TEST_EXECUTOR
  return NUCLEUS_AGENT_TEST_EXECUTOR;
#else
  return nucleus::testing::nucleusBinary();
#endif
}

AgentEvent runCommandTask(const std::string& taskId, const std::string& command,
                          const std::string& agentId)
{
  AgentEvent event;
  event.set_type(AgentEvent::RUN_TASK);
  auto* run = event.mutable_run_task();
  auto* framework = run->mutable_framework_info();
  framework->mutable_id()->set_value("framework-1");
  framework->set_name("agent-test");
  framework->set_user("root");  // never switches user: root runs as itself
  auto* task = run->mutable_task();
  task->set_name("task " + taskId);
  task->mutable_task_id()->set_value(taskId);
  task->mutable_agent_id()->set_value(agentId);
  *task->mutable_resources() = *proto::parseResources("cpus:0.1;mem:32");
  task->mutable_command()->set_value(command);
  return event;
}

AgentEvent killTask(const std::string& taskId)
{
  AgentEvent event;
  event.set_type(AgentEvent::KILL_TASK);
  event.mutable_kill_task()->mutable_framework_id()->set_value("framework-1");
  event.mutable_kill_task()->mutable_task_id()->set_value(taskId);
  return event;
}

AgentFixture::AgentFixture(AgentSettings settings)
{
  runtime.start();
  master = std::make_unique<FakeMaster>(runtime);
  settings.master = master->address();

  loader::LoaderOptions options;
  options.searchPath = {NUCLEUS_AGENT_TEST_MODULE_DIR};
  loader = std::make_unique<loader::ModuleLoader>(options);
  Try<Nothing> loaded = loader->loadFlag(
      R"({"libraries":[
           {"name":"nucleus_isolator_posix_cpu","modules":[{"name":"org_nucleus_isolator_posix_cpu"}]},
           {"name":"nucleus_isolator_posix_mem","modules":[{"name":"org_nucleus_isolator_posix_mem"}]}]})");
  REQUIRE_MESSAGE(loaded.has_value(), (loaded ? "" : loaded.error().message));

  server = std::make_unique<http::HttpServer>(runtime, localOptions());
  agent = std::make_unique<AgentService>(runtime, settings, workDir.path(), *loader);
  agent->addRoutes(*server);
  Try<uint16_t> bound = server->start();
  REQUIRE(bound.has_value());
  port = *bound;
  Try<Nothing> started = agent->start("127.0.0.1", port);
  REQUIRE_MESSAGE(started.has_value(), (started ? "" : started.error().message));
}

AgentFixture::~AgentFixture()
{
  (void)agent->stop().await(std::chrono::seconds(20));
  (void)server->stop().await(std::chrono::seconds(10));
  master.reset();
  agent.reset();
  runtime.stop();
}

bool AgentFixture::waitRegistered() const
{
  return nucleus::testing::waitUntil([&] {
    std::shared_ptr<Agent> running = agent->agent();
    if (!running) return false;
    return dispatch(running, [](Agent& a) { return a.registered(); }).await().value_or(false);
  });
}

std::optional<std::filesystem::path> AgentFixture::sandbox(const std::string& executorId) const
{
  std::filesystem::path runs = workDir.path() / "slaves" / master->agentId() / "frameworks" /
                               "framework-1" / "executors" / executorId / "runs";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(runs, ec)) {
    if (entry.is_directory()) return entry.path();
  }
  return std::nullopt;
}

}  // namespace nucleus::agent::testing
