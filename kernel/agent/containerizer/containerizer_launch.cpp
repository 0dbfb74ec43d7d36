// The launch steps of ContainerizerProcess: prepare -> fork -> isolate ->
// release, each continuing on the actor's strand (see containerizer_process.hpp).
#include <signal.h>

#include <utility>

#include "kernel/agent/containerizer/containerizer_process.hpp"
#include "kernel/common/logging.hpp"

namespace nucleus::agent {

Future<int> ContainerizerProcess::launch(LaunchRequest request)
{
  const std::string key = containerKey(request.containerId);
  if (containers_.count(key) != 0) {
    return Error("Failed to launch container " + key + ": a container with this id already exists");
  }
  if (request.argv.empty() || request.argv.front().empty()) {
    return Error("Failed to launch container " + key + ": the command is empty");
  }
  terminated_.erase(key);  // an id may be reused once its container is gone

  auto container = std::make_shared<Container>();
  container->id = request.containerId;
  container->key = key;
  container->resources = request.resources;
  container->launched = std::make_shared<Promise<int>>();
  containers_[key] = container;
  publish();
  log::info("Launching container {}: '{}' in '{}'", key, request.argv.front(),
            request.sandbox.string());

  module::ContainerConfig config;
  config.containerId = request.containerId;
  config.executorInfo = request.executorInfo;
  config.tasks = request.tasks;
  config.resources = request.resources;
  config.sandboxDirectory = request.sandbox.string();
  config.user = request.user;

  // prepare() runs isolator by isolator; the launch infos pile up in order.
  auto infos = std::make_shared<std::vector<module::ContainerLaunchInfo>>();
  Future<Nothing> preparing =
      inSequence(isolators_, [config, infos, key](IsolatorHandle& isolator) {
        Future<Nothing> step = isolator.prepare(config).then(
            [infos](const std::optional<module::ContainerLaunchInfo>& info) {
              if (info) infos->push_back(*info);
            });
        return withContext(step, "Failed to prepare container " + key + " with isolator '" +
                                     isolator.isolation() + "': ");
      });
  on(preparing, [this, key, request = std::move(request), infos](const Try<Nothing>& result) {
    this->prepared(key, request, *infos, result);
  });
  return container->launched->future();
}

void ContainerizerProcess::prepared(const std::string& key, const LaunchRequest& request,
                                    const std::vector<module::ContainerLaunchInfo>& infos,
                                    const Try<Nothing>& result)
{
  ContainerPtr container = find(key);
  if (!container) return;
  if (!result || container->destroying) {
    std::string message = result ? "Container " + key + " was destroyed while being prepared"
                                 : result.error().message;
    container->launchError = message;
    container->launched->fail(Error(message));
    terminate(container);
    return;
  }

  // The isolators' variables go over the request's.
  std::map<std::string, std::string> environment = request.environment;
  for (const module::ContainerLaunchInfo& info : infos) {
    for (const auto& [name, value] : info.environment) environment[name] = value;
  }
  ChildSpec spec;
  spec.argv = request.argv;
  for (const auto& [name, value] : environment) spec.environment.push_back(name + "=" + value);
  spec.sandbox = request.sandbox;
  spec.user = request.user;

  const std::string program = request.argv.front();
  Future<std::shared_ptr<Child>> forking =
      runtime().blocking([spec = std::move(spec)]() -> Try<std::shared_ptr<Child>> {
        Try<Child> child = forkChild(spec);
        if (!child) return child.error();
        return std::make_shared<Child>(std::move(*child));
      });
  on(forking, [this, key, program](const Try<std::shared_ptr<Child>>& child) {
    this->forked(key, program, child);
  });
}

void ContainerizerProcess::forked(const std::string& key, const std::string& program,
                                  const Try<std::shared_ptr<Child>>& result)
{
  ContainerPtr container = find(key);
  if (!container) return;  // cannot happen: only terminate() removes it
  if (!result) {
    std::string message = "Failed to launch container " + key + ": " + result.error().message;
    container->launchError = message;
    container->launched->fail(Error(message));
    terminate(container);
    return;
  }

  container->state = State::Isolating;
  container->child = *result;
  container->pid = (*result)->pid;
  std::weak_ptr<Actor> weak = weak_from_this();
  container->exitWatch =
      watchExit(runtime(), strand(), container->pid, /*isChild=*/true, [weak, key](int status) {
        auto self = weak.lock();
        if (!self) return;
        static_cast<ContainerizerProcess&>(*self).reaped(key, status);
      });
  if (container->destroying) {
    abortLaunch(container, "Container " + key + " was destroyed during its launch");
    return;
  }

  const mesos::v1::ContainerID id = container->id;
  const int pid = container->pid;
  Future<Nothing> isolating = inSequence(isolators_, [id, pid, key](IsolatorHandle& isolator) {
    return withContext(
        isolator.isolate(id, pid),
        "Failed to isolate container " + key + " with isolator '" + isolator.isolation() + "': ");
  });
  on(isolating,
     [this, key, program](const Try<Nothing>& done) { this->isolated(key, program, done); });
}

void ContainerizerProcess::isolated(const std::string& key, const std::string& program,
                                    const Try<Nothing>& result)
{
  ContainerPtr container = find(key);
  if (!container) return;
  if (!result) return abortLaunch(container, result.error().message);
  if (container->destroying) {
    return abortLaunch(container, "Container " + key + " was destroyed during its launch");
  }
  std::shared_ptr<Child> child = container->child;
  Future<Nothing> execed =
      runtime().blocking([child, program] { return releaseChild(*child, program); });
  on(execed, [this, key](const Try<Nothing>& done) { this->released(key, done); });
}

void ContainerizerProcess::released(const std::string& key, const Try<Nothing>& result)
{
  ContainerPtr container = find(key);
  if (!container) return;
  if (!result) {
    // The child failed before or at exec and is exiting on its own (status 127).
    return abortLaunch(container,
                       "Failed to launch container " + key + ": " + result.error().message,
                       /*kill=*/false);
  }
  container->child.reset();
  container->state = State::Running;
  log::info("Container {} is running as pid {}", key, container->pid);
  container->launched->set(container->pid);
  container->launched.reset();
  startWatching(container, /*isChild=*/true);
  if (container->exitStatus) terminate(container);
}

void ContainerizerProcess::abortLaunch(const ContainerPtr& container, const std::string& message,
                                       bool kill)
{
  log::warning("{}", message);
  container->launchError = message;
  container->launched->fail(Error(message));
  container->launched.reset();
  // Closing the release socket makes a child still waiting exit; SIGKILL the rest.
  container->child.reset();
  container->state = State::Running;
  container->destroying = true;
  if (kill) killContainer(container->pid, SIGKILL);
  if (container->exitStatus) terminate(container);
}

}  // namespace nucleus::agent
