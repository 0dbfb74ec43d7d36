#include "kernel/agent/containerizer/containerizer_process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "kernel/common/logging.hpp"

namespace nucleus::agent {

namespace {

// How many terminated containers wait() and destroy() still know.
constexpr size_t kTerminatedKept = 1000;

// Settles `future` as a ready one: a failure becomes empty statistics (as
// Mesos 1.5 does, an isolator's failing usage is skipped with a warning).
Future<mesos::v1::ResourceStatistics> skipFailure(
    const Future<mesos::v1::ResourceStatistics>& future, std::string isolation, std::string key)
{
  auto promise = std::make_shared<Promise<mesos::v1::ResourceStatistics>>();
  future.onAny([promise, isolation = std::move(isolation),
                key = std::move(key)](const Try<mesos::v1::ResourceStatistics>& result) {
    if (result.has_value()) {
      promise->set(*result);
      return;
    }
    log::warning("Skipping resource statistics of isolator '{}' for container {}: {}", isolation,
                 key, result.error().message);
    promise->set(mesos::v1::ResourceStatistics());
  });
  return promise->future();
}

double secondsSinceEpoch()
{
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string containerKey(const mesos::v1::ContainerID& id)
{
  return id.has_parent() ? containerKey(id.parent()) + "." + id.value() : id.value();
}

std::string describeStatus(int status)
{
  if (status == -1)
    return "Command exited; its status is unknown (it was not a child of this agent)";
  if (WIFEXITED(status)) return "Command exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "Killed by signal " + std::to_string(WTERMSIG(status));
  return "Command ended with wait status " + std::to_string(status);
}

ContainerizerProcess::ContainerizerProcess(Runtime& runtime, Isolators isolators,
                                           std::shared_ptr<ContainerList> list)
    : Actor(runtime, "containerizer"), isolators_(std::move(isolators)), list_(std::move(list))
{
}

ContainerizerProcess::ContainerPtr ContainerizerProcess::find(const std::string& key) const
{
  auto it = containers_.find(key);
  return it == containers_.end() ? nullptr : it->second;
}

void ContainerizerProcess::publish()
{
  std::vector<mesos::v1::ContainerID> ids;
  for (const auto& [key, container] : containers_) ids.push_back(container->id);
  list_->set(std::move(ids));
}

Future<Nothing> ContainerizerProcess::recover(std::vector<module::ContainerRecoveryState> states)
{
  std::vector<std::string> keys;
  for (const module::ContainerRecoveryState& state : states) {
    std::string key = containerKey(state.containerId);
    if (containers_.count(key) != 0) {
      return Error("Failed to recover container " + key + ": it is already known");
    }
    if (state.pid <= 0) {
      return Error("Failed to recover container " + key + ": its pid " + std::to_string(state.pid) +
                   " is not a process id");
    }
    auto container = std::make_shared<Container>();
    container->id = state.containerId;
    container->key = key;
    container->state = State::Running;
    container->resources = state.resources;
    container->pid = state.pid;
    containers_[key] = container;
    keys.push_back(key);
  }
  publish();

  Future<Nothing> recovered = inSequence(isolators_, [states](IsolatorHandle& isolator) {
    return withContext(isolator.recover(states),
                       "Failed to recover isolator '" + isolator.isolation() + "': ");
  });
  auto promise = std::make_shared<Promise<Nothing>>();
  on(recovered, [this, keys, promise](const Try<Nothing>& result) {
    for (const std::string& key : keys) {
      ContainerPtr container = find(key);
      if (!container) continue;
      if (!result) {
        containers_.erase(key);
        continue;
      }
      log::info("Recovered container {} (pid {})", key, container->pid);
      startWatching(container, /*isChild=*/false);
    }
    publish();
    promise->complete(result);
  });
  return promise->future();
}

void ContainerizerProcess::startWatching(const ContainerPtr& container, bool isChild)
{
  const std::string key = container->key;
  if (!isChild) {
    std::weak_ptr<Actor> weak = weak_from_this();
    container->exitWatch =
        watchExit(runtime(), strand(), container->pid, false, [weak, key](int status) {
          auto self = weak.lock();
          if (!self) return;
          static_cast<ContainerizerProcess&>(*self).reaped(key, status);
        });
  }
  for (const auto& isolator : isolators_) {
    const std::string isolation = isolator->isolation();
    on(isolator->watch(container->id),
       [this, key, isolation](const Try<module::ContainerLimitation>& result) {
         limited(key, isolation, result);
       });
  }
}

void ContainerizerProcess::limited(const std::string& key, const std::string& isolation,
                                   const Try<module::ContainerLimitation>& result)
{
  ContainerPtr container = find(key);
  if (!container || container->state == State::Terminating || container->destroying) return;
  // As Mesos 1.5: a failed watch destroys the container too, without a limitation.
  if (result) {
    log::info("Container {} hit a limit of isolator '{}' and will be destroyed: {}", key, isolation,
              result->message);
    container->limitation = *result;
  } else {
    log::error("Isolator '{}' failed to watch container {}: {}", isolation, key,
               result.error().message);
  }
  container->destroying = true;
  killContainer(container->pid, SIGKILL);
}

void ContainerizerProcess::reaped(const std::string& key, int status)
{
  ContainerPtr container = find(key);
  if (!container || container->exitStatus) return;
  log::info("Container {} (pid {}): {}", key, container->pid, describeStatus(status));
  container->exitStatus = status;
  // A launch still under way finishes first (its isolators may still be isolating).
  if (container->state == State::Isolating) return;
  terminate(container);
}

void ContainerizerProcess::terminate(const ContainerPtr& container)
{
  if (container->state == State::Terminating) return;
  container->state = State::Terminating;
  if (container->pid > 0) {
    // The first process is gone; what else it left in its group and session goes too.
    killContainer(container->pid, SIGKILL);
    pid_t sid = container->pid;
    runtime().blocking([sid] { killSession(sid, SIGKILL); });
  }

  // As Mesos 1.5: isolators clean up in the reverse order of their creation.
  Isolators reversed(isolators_.rbegin(), isolators_.rend());
  const mesos::v1::ContainerID id = container->id;
  const std::string key = container->key;
  Future<Nothing> cleaned = inSequence(reversed, [id](IsolatorHandle& isolator) {
    return withContext(isolator.cleanup(id),
                       "Failed to clean up an isolator when destroying container: isolator '" +
                           isolator.isolation() + "': ");
  });
  on(cleaned, [this, key](const Try<Nothing>& result) { finish(key, result); });
}

Termination ContainerizerProcess::termination(const Container& container) const
{
  Termination termination;
  termination.status = container.exitStatus.value_or(-1);
  termination.limitation = container.limitation;
  if (container.limitation) {
    termination.message = container.limitation->message;
  } else if (container.launchError) {
    termination.message = *container.launchError;
  } else {
    termination.message = describeStatus(termination.status);
  }
  return termination;
}

void ContainerizerProcess::finish(const std::string& key, const Try<Nothing>& cleaned)
{
  ContainerPtr container = find(key);
  if (!container) return;
  container->exitWatch.reset();
  terminated_[key] = container->termination.future();
  terminatedOrder_.push_back(key);
  while (terminatedOrder_.size() > kTerminatedKept) {
    const std::string oldest = terminatedOrder_.front();
    terminatedOrder_.pop_front();
    // Only if that entry was not replaced by a later container with the same id.
    if (std::find(terminatedOrder_.begin(), terminatedOrder_.end(), oldest) ==
        terminatedOrder_.end()) {
      terminated_.erase(oldest);
    }
  }
  containers_.erase(key);
  publish();
  log::info("Container {} terminated", key);

  // Completed last: whoever waits sees the container gone from containers().
  if (cleaned) {
    container->termination.set(termination(*container));
  } else {
    log::error("{}", cleaned.error().message);
    container->termination.fail(cleaned.error());
  }
}

Future<Termination> ContainerizerProcess::wait(const mesos::v1::ContainerID& containerId)
{
  const std::string key = containerKey(containerId);
  if (ContainerPtr container = find(key)) return container->termination.future();
  if (auto it = terminated_.find(key); it != terminated_.end()) return it->second;
  return Error("Unknown container: " + key);
}

Future<Nothing> ContainerizerProcess::kill(const mesos::v1::ContainerID& containerId, int signal)
{
  const std::string key = containerKey(containerId);
  ContainerPtr container = find(key);
  if (!container) {
    if (terminated_.count(key) != 0) return Nothing{};  // already gone: nothing to signal
    return Error("Unknown container: " + key);
  }
  if (container->state == State::Terminating) return Nothing{};
  if (container->pid <= 0) {
    return Error("Container " + key + " has no process to signal yet (it is being prepared)");
  }
  killContainer(container->pid, signal);
  return Nothing{};
}

Future<Termination> ContainerizerProcess::destroy(const mesos::v1::ContainerID& containerId)
{
  const std::string key = containerKey(containerId);
  ContainerPtr container = find(key);
  if (!container) {
    if (auto it = terminated_.find(key); it != terminated_.end()) return it->second;
    return Error("Unknown container: " + key);
  }
  if (container->state != State::Terminating && !container->destroying) {
    log::info("Destroying container {}", key);
    container->destroying = true;
    // While Preparing there is no process yet: the launch stops after prepare.
    if (container->pid > 0) killContainer(container->pid, SIGKILL);
  }
  return container->termination.future();
}

Future<Nothing> ContainerizerProcess::update(const mesos::v1::ContainerID& containerId,
                                             Resources resources)
{
  const std::string key = containerKey(containerId);
  ContainerPtr container = find(key);
  if (!container || container->state == State::Terminating) {
    return Error("Unknown container: " + key);
  }
  container->resources = resources;
  std::vector<Future<Nothing>> updates;
  for (const auto& isolator : isolators_) {
    updates.push_back(withContext(
        isolator->update(containerId, resources),
        "Failed to update container " + key + " with isolator '" + isolator->isolation() + "': "));
  }
  return collect(updates).then([](const std::vector<Nothing>&) {});
}

Future<mesos::v1::ResourceStatistics> ContainerizerProcess::usage(
    const mesos::v1::ContainerID& containerId)
{
  const std::string key = containerKey(containerId);
  ContainerPtr container = find(key);
  if (!container || container->state == State::Terminating) {
    return Error("Unknown container: " + key);
  }
  if (container->pid <= 0) {
    return Error("Container " + key + " has no process yet (it is being prepared)");
  }
  std::vector<Future<mesos::v1::ResourceStatistics>> usages;
  for (const auto& isolator : isolators_) {
    usages.push_back(skipFailure(isolator->usage(containerId), isolator->isolation(), key));
  }
  auto promise = std::make_shared<Promise<mesos::v1::ResourceStatistics>>();
  on(collect(usages),
     [this, key, promise](const Try<std::vector<mesos::v1::ResourceStatistics>>& results) {
       mesos::v1::ResourceStatistics merged;
       for (const auto& statistics : *results) merged.MergeFrom(statistics);
       merged.set_timestamp(secondsSinceEpoch());
       // As Mesos 1.5: the limits come from the container's resources.
       if (ContainerPtr container = find(key)) {
         if (auto cpus = container->resources.cpus()) merged.set_cpus_limit(*cpus);
         if (auto mem = container->resources.mem()) {
           merged.set_mem_limit_bytes(static_cast<uint64_t>(*mem * 1024 * 1024));
         }
       }
       promise->set(std::move(merged));
     });
  return promise->future();
}

}  // namespace nucleus::agent
