#include "posix_isolator.hpp"

#include <chrono>
#include <exception>
#include <utility>

namespace nucleus::modules::posix {

std::string containerKey(const mesos::v1::ContainerID& id)
{
  return id.has_parent() ? containerKey(id.parent()) + "." + id.value() : id.value();
}

PosixIsolator::PosixIsolator(module::Host& host, std::string isolation, UsageFields fields,
                             std::string procRoot)
    : host_(host), isolation_(std::move(isolation)), fields_(fields), procRoot_(std::move(procRoot))
{
}

std::string PosixIsolator::isolation() const noexcept
{
  return isolation_;
}

// Every method catches: an exception (bad_alloc) must not cross the boundary.
void PosixIsolator::recover(std::vector<module::ContainerRecoveryState> states,
                            module::Reply<Nothing> reply) noexcept
{
  try {
    for (const module::ContainerRecoveryState& state : states) {
      const std::string key = containerKey(state.containerId);
      // As Mesos 1.5.
      if (containers_.count(key) != 0) return reply(Error("Container already recovered"));
      containers_[key].pid = state.pid;
    }
    reply(Nothing{});
  } catch (const std::exception& e) {
    reply(Error(isolation_ + " failed to recover: " + e.what()));
  }
}

void PosixIsolator::prepare(
    module::ContainerConfig config,
    module::Reply<std::optional<module::ContainerLaunchInfo>> reply) noexcept
{
  try {
    const std::string key = containerKey(config.containerId);
    if (containers_.count(key) != 0) {
      return reply(Error("Container " + key + " has already been prepared"));
    }
    containers_[key];
    reply(std::optional<module::ContainerLaunchInfo>());
  } catch (const std::exception& e) {
    reply(Error(isolation_ + " failed to prepare: " + e.what()));
  }
}

void PosixIsolator::isolate(mesos::v1::ContainerID containerId, int pid,
                            module::Reply<Nothing> reply) noexcept
{
  try {
    auto it = containers_.find(containerKey(containerId));
    if (it == containers_.end())
      return reply(Error("Unknown container: " + containerKey(containerId)));
    it->second.pid = pid;
    reply(Nothing{});
  } catch (const std::exception& e) {
    reply(Error(isolation_ + " failed to isolate: " + e.what()));
  }
}

void PosixIsolator::watch(mesos::v1::ContainerID containerId,
                          module::Reply<module::ContainerLimitation> reply) noexcept
{
  try {
    auto it = containers_.find(containerKey(containerId));
    if (it == containers_.end())
      return reply(Error("Unknown container: " + containerKey(containerId)));
    it->second.watches.push_back(std::move(reply));
  } catch (const std::exception& e) {
    reply(Error(isolation_ + " failed to watch: " + e.what()));
  }
}

void PosixIsolator::update(mesos::v1::ContainerID containerId, Resources,
                           module::Reply<Nothing> reply) noexcept
{
  try {
    if (containers_.count(containerKey(containerId)) == 0) {
      return reply(Error("Unknown container: " + containerKey(containerId)));
    }
    // No resources are actually isolated, so there is nothing to do.
    reply(Nothing{});
  } catch (const std::exception& e) {
    reply(Error(isolation_ + " failed to update: " + e.what()));
  }
}

void PosixIsolator::usage(mesos::v1::ContainerID containerId,
                          module::Reply<mesos::v1::ResourceStatistics> reply) noexcept
{
  try {
    auto it = containers_.find(containerKey(containerId));
    if (it == containers_.end() || it->second.pid <= 0) {
      // As Mesos 1.5: no usage for an unknown container, not an error.
      host_.log(module::Host::Level::Warning,
                "No resource usage for unknown container '" + containerKey(containerId) + "'");
      mesos::v1::ResourceStatistics none;
      using namespace std::chrono;
      none.set_timestamp(duration<double>(system_clock::now().time_since_epoch()).count());
      return reply(std::move(none));
    }
    host_.blocking([pid = it->second.pid, fields = fields_, procRoot = procRoot_,
                    reply = std::move(reply)] { reply(posix::usage(pid, fields, procRoot)); });
  } catch (const std::exception& e) {
    reply(Error(isolation_ + " failed to read usage: " + e.what()));
  }
}

void PosixIsolator::cleanup(mesos::v1::ContainerID containerId,
                            module::Reply<Nothing> reply) noexcept
{
  try {
    // Unknown containers are ignored, as Mesos 1.5 does.
    containers_.erase(containerKey(containerId));
    reply(Nothing{});
  } catch (const std::exception& e) {
    reply(Error(isolation_ + " failed to clean up: " + e.what()));
  }
}

}  // namespace nucleus::modules::posix
