#pragma once

// The containerizer's actor: the containers, their launch steps, reaping and
// cleanup, as Mesos 1.5's MesosContainerizerProcess (with the posix launcher).
//
// A container goes Preparing (isolators' prepare) -> Isolating (forked, the
// child waits; isolators' isolate; release to exec) -> Running -> Terminating
// (reaped; isolators' cleanup) -> terminated: its Termination stays available
// to wait() and destroy() for a while (the agent may ask after the fact).
//
// Thread safety: an Actor; every method runs on its strand (the Containerizer
// facade dispatches to it). Isolator replies arrive on any thread and are
// posted back here.

#include <sys/types.h>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kernel/agent/containerizer/containerizer.hpp"
#include "kernel/agent/containerizer/isolator_steps.hpp"
#include "kernel/agent/containerizer/launcher.hpp"
#include "kernel/agent/containerizer/reaper.hpp"
#include "kernel/runtime/actor.hpp"

namespace nucleus::agent {

// The ids of the live containers, readable from any thread (Containerizer::
// containers() is synchronous). Written by the actor only.
class ContainerList {
 public:
  void set(std::vector<mesos::v1::ContainerID> ids)
  {
    std::lock_guard lock(mutex_);
    ids_ = std::move(ids);
  }
  std::vector<mesos::v1::ContainerID> get() const
  {
    std::lock_guard lock(mutex_);
    return ids_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<mesos::v1::ContainerID> ids_;
};

// "parent.child" for nested container ids, else the id's value.
std::string containerKey(const mesos::v1::ContainerID& id);

// The text of a waitpid() status: "Command exited with status 3", "Killed by signal 9".
std::string describeStatus(int status);

class ContainerizerProcess final : public Actor {
 public:
  ContainerizerProcess(Runtime& runtime, Isolators isolators, std::shared_ptr<ContainerList> list);

  Future<Nothing> recover(std::vector<module::ContainerRecoveryState> states);
  Future<int> launch(LaunchRequest request);
  Future<Termination> wait(const mesos::v1::ContainerID& containerId);
  Future<Nothing> kill(const mesos::v1::ContainerID& containerId, int signal);
  Future<Termination> destroy(const mesos::v1::ContainerID& containerId);
  Future<Nothing> update(const mesos::v1::ContainerID& containerId, Resources resources);
  Future<mesos::v1::ResourceStatistics> usage(const mesos::v1::ContainerID& containerId);

 private:
  enum class State { Preparing, Isolating, Running, Terminating };

  struct Container {
    mesos::v1::ContainerID id;
    std::string key;
    State state = State::Preparing;
    Resources resources;
    pid_t pid = 0;
    std::shared_ptr<Child> child;            // while Isolating: the child waiting to exec
    std::shared_ptr<Promise<int>> launched;  // while launching
    bool destroying = false;
    std::optional<int> exitStatus;  // once reaped
    std::optional<module::ContainerLimitation> limitation;
    std::optional<std::string> launchError;
    std::unique_ptr<ExitWatch> exitWatch;
    Promise<Termination> termination;
  };
  using ContainerPtr = std::shared_ptr<Container>;

  // Runs f(result) on this actor's strand once `future` completes.
  template <typename T, typename F>
  void on(const Future<T>& future, F f);

  ContainerPtr find(const std::string& key) const;
  void publish();

  // Launch steps, in order.
  void prepared(const std::string& key, const LaunchRequest& request,
                const std::vector<module::ContainerLaunchInfo>& infos, const Try<Nothing>& result);
  void forked(const std::string& key, const std::string& program,
              const Try<std::shared_ptr<Child>>& result);
  void isolated(const std::string& key, const std::string& program, const Try<Nothing>& result);
  void released(const std::string& key, const Try<Nothing>& result);
  // Fails the launch; the child, if any, is SIGKILLed unless it exits on its own.
  void abortLaunch(const ContainerPtr& container, const std::string& message, bool kill = true);

  void startWatching(const ContainerPtr& container, bool isChild);
  void limited(const std::string& key, const std::string& isolation,
               const Try<module::ContainerLimitation>& result);
  void reaped(const std::string& key, int status);
  // The process is gone (or never started): kill stragglers, clean up the isolators.
  void terminate(const ContainerPtr& container);
  void finish(const std::string& key, const Try<Nothing>& cleaned);
  Termination termination(const Container& container) const;

  Isolators isolators_;
  std::shared_ptr<ContainerList> list_;
  std::map<std::string, ContainerPtr> containers_;
  // Recently terminated containers, oldest first, for wait() and destroy() after the fact.
  std::map<std::string, Future<Termination>> terminated_;
  std::deque<std::string> terminatedOrder_;
};

template <typename T, typename F>
void ContainerizerProcess::on(const Future<T>& future, F f)
{
  future.onAny(defer([this, f = std::move(f)](const Try<T>& result) mutable { f(result); }));
}

}  // namespace nucleus::agent
