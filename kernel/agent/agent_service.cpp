#include "kernel/agent/agent_service.hpp"

#include <atomic>
#include <fstream>
#include <sstream>

#include "kernel/agent/agent.hpp"
#include "kernel/agent/agent_info.hpp"
#include "kernel/agent/executor_api.hpp"
#include "kernel/agent/executor_launch.hpp"
#include "kernel/agent/paths.hpp"
#include "kernel/common/logging.hpp"
#include "kernel/proto/resources_text.hpp"

namespace nucleus::agent {

namespace {

Try<http::Endpoint> masterEndpoint(const std::optional<std::string>& master)
{
  if (!master || master->empty()) {
    return Error("--master is required: give the master as host:port or http://host:port");
  }
  if (master->rfind("zk://", 0) == 0) {
    return Error("--master=" + *master +
                 ": ZooKeeper master detection is not supported yet; give the leading master "
                 "as host:port");
  }
  std::string text = *master;
  if (text.find("://") == std::string::npos) text = "http://" + text;
  Try<http::Url> url = http::parseUrl(text);
  if (!url) return Error("Invalid --master '" + *master + "': " + url.error().message);
  return url->endpoint;
}

// Resources from an earlier APPLY_OPERATION survive a restart, as Mesos'
// checkpointed resources.
std::optional<std::string> readCheckpointedResources(const std::filesystem::path& workDir)
{
  std::ifstream in(paths::resourcesCheckpoint(workDir));
  if (!in) return std::nullopt;
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

AgentService::AgentService(Runtime& runtime, const AgentSettings& settings,
                           std::filesystem::path workDir, const loader::ModuleLoader& loader)
    : runtime_(runtime),
      settings_(settings),
      workDir_(std::move(workDir)),
      loader_(loader),
      holder_(std::make_shared<Holder>())
{
}

AgentService::~AgentService() = default;

std::shared_ptr<Agent> AgentService::agent() const
{
  return holder_->get();
}

void AgentService::addRoutes(http::HttpServer& server)
{
  http::Route route;
  route.path = "/api/v1/executor";
  // Every method reaches the handler, so that a GET gets Mesos' 405 text.
  route.handler = [holder = holder_](http::Request request) -> Future<http::Response> {
    auto parsed = parseExecutorRequest(request);
    if (auto* response = std::get_if<http::Response>(&parsed)) return *response;
    std::shared_ptr<Agent> agent = holder->get();
    if (!agent) return http::Response::serviceUnavailable("Agent has not started yet");
    ExecutorRequest call = std::get<ExecutorRequest>(std::move(parsed));
    return dispatch(agent, [call](Agent& a) { return a.executorCall(call); });
  };
  Try<Nothing> added = server.addRoute(std::move(route));
  if (!added) log::error("Failed to add the executor API route: {}", added.error().message);
}

Try<Nothing> AgentService::start(const std::string& ip, uint16_t port)
{
  Try<http::Endpoint> master = masterEndpoint(settings_.master);
  if (!master) return master.error();

  std::error_code created;
  std::filesystem::create_directories(workDir_, created);
  if (created) {
    return Error("Failed to create the agent's work dir '" + workDir_.string() +
                 "': " + created.message() + "; choose a --work_dir this user may write");
  }

  AgentSettings settings = settings_;
  if (std::optional<std::string> checkpointed = readCheckpointedResources(workDir_)) {
    log::info("Using the resources checkpointed in {}",
              paths::resourcesCheckpoint(workDir_).string());
    settings.resources = *checkpointed;
  }
  Try<mesos::v1::AgentInfo> info = makeAgentInfo(settings, workDir_, port);
  if (!info) return info.error();

  Try<std::unique_ptr<Containerizer>> containerizer =
      Containerizer::create(runtime_, loader_, settings.isolation);
  if (!containerizer) {
    return Error("Failed to create the containerizer for --isolation=" + settings.isolation + ": " +
                 containerizer.error().message);
  }

  AgentOptions options;
  options.settings = settings;
  options.workDir = workDir_;
  options.master = *master;
  options.info = *info;
  options.endpoint =
      (ip.empty() || ip == "0.0.0.0" ? std::string("127.0.0.1") : ip) + ":" + std::to_string(port);
  options.nucleusBinary = settings.executorBinary.value_or(selfBinary());

  log::info("Agent {}:{} has resources {}", info->hostname(), port,
            Resources(info->resources()).toString());
  auto agent = spawn<Agent>(runtime_, std::move(options),
                            std::shared_ptr<Containerizer>(std::move(*containerizer)));
  {
    std::lock_guard lock(holder_->mutex);
    holder_->agent = agent;
  }
  send(agent, [](Agent& a) { a.start(); });
  return Nothing{};
}

Future<Nothing> AgentService::stop()
{
  std::shared_ptr<Agent> agent = holder_->get();
  if (!agent) return Nothing{};
  return dispatch(agent, [](Agent& a) { return a.stop(); });
}

}  // namespace nucleus::agent
