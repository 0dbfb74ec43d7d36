// Containerizer::create (--isolation -> isolator modules) and the facade that
// dispatches every call onto the ContainerizerProcess actor.
#include "kernel/agent/containerizer/containerizer.hpp"

#include <set>
#include <utility>

#include "kernel/agent/containerizer/containerizer_process.hpp"
#include "kernel/common/logging.hpp"
#include "kernel/loader/module_host.hpp"

namespace nucleus::agent {

namespace {

class MesosContainerizer final : public Containerizer {
 public:
  MesosContainerizer(Runtime& runtime, Isolators isolators)
      : list_(std::make_shared<ContainerList>()),
        process_(spawn<ContainerizerProcess>(runtime, std::move(isolators), list_))
  {
  }

  Future<Nothing> recover(std::vector<module::ContainerRecoveryState> states) override
  {
    return dispatch(process_, [states = std::move(states)](ContainerizerProcess& p) mutable {
      return p.recover(std::move(states));
    });
  }

  Future<int> launch(LaunchRequest request) override
  {
    return dispatch(process_, [request = std::move(request)](ContainerizerProcess& p) mutable {
      return p.launch(std::move(request));
    });
  }

  Future<Termination> wait(const mesos::v1::ContainerID& containerId) override
  {
    return dispatch(process_,
                    [containerId](ContainerizerProcess& p) { return p.wait(containerId); });
  }

  Future<Nothing> kill(const mesos::v1::ContainerID& containerId, int signal) override
  {
    return dispatch(process_, [containerId, signal](ContainerizerProcess& p) {
      return p.kill(containerId, signal);
    });
  }

  Future<Termination> destroy(const mesos::v1::ContainerID& containerId) override
  {
    return dispatch(process_,
                    [containerId](ContainerizerProcess& p) { return p.destroy(containerId); });
  }

  Future<Nothing> update(const mesos::v1::ContainerID& containerId, Resources resources) override
  {
    return dispatch(
        process_, [containerId, resources = std::move(resources)](ContainerizerProcess& p) mutable {
          return p.update(containerId, std::move(resources));
        });
  }

  Future<mesos::v1::ResourceStatistics> usage(const mesos::v1::ContainerID& containerId) override
  {
    return dispatch(process_,
                    [containerId](ContainerizerProcess& p) { return p.usage(containerId); });
  }

  std::vector<mesos::v1::ContainerID> containers() const override { return list_->get(); }

 private:
  std::shared_ptr<ContainerList> list_;
  std::shared_ptr<ContainerizerProcess> process_;
};

// The comma-separated names of --isolation, trimmed, empty ones dropped.
std::vector<std::string> splitIsolation(const std::string& isolation)
{
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= isolation.size()) {
    size_t end = isolation.find(',', start);
    if (end == std::string::npos) end = isolation.size();
    std::string name = isolation.substr(start, end - start);
    size_t first = name.find_first_not_of(" \t");
    size_t last = name.find_last_not_of(" \t");
    if (first != std::string::npos) names.push_back(name.substr(first, last - first + 1));
    start = end + 1;
  }
  return names;
}

std::string join(const std::vector<std::string>& items)
{
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

Try<std::unique_ptr<Containerizer>> Containerizer::create(Runtime& runtime,
                                                          const loader::ModuleLoader& modules,
                                                          const std::string& isolation)
{
  const std::vector<std::string> requested = splitIsolation(isolation);
  if (std::set<std::string>(requested.begin(), requested.end()).size() != requested.size()) {
    // As Mesos 1.5.
    return Error("Duplicate entries found in --isolation flag '" + isolation + "'");
  }

  // Every isolator module says which isolation it serves; only an instance can tell.
  std::map<std::string, std::shared_ptr<IsolatorHandle>> available;
  std::vector<std::string> availableNames;
  std::vector<std::string> refusals;
  for (const std::string& name : modules.namesOfKind(module::Isolator::kKind)) {
    auto host = std::make_unique<loader::ModuleHost>(runtime, name);
    Try<loader::ModulePtr<module::Isolator>> made = modules.create<module::Isolator>(name, *host);
    if (!made) {
      refusals.push_back(made.error().message);
      continue;
    }
    auto handle = std::make_shared<IsolatorHandle>(name, std::move(host), std::move(*made));
    const std::string served = handle->isolation();
    if (available.count(served) != 0) {
      log::warning("Isolator module '{}' serves isolation '{}' as '{}' does; using '{}'", name,
                   served, available[served]->moduleName(), available[served]->moduleName());
      continue;
    }
    available[served] = handle;
    availableNames.push_back(served);
  }

  Isolators isolators;
  for (const std::string& name : requested) {
    auto it = available.find(name);
    if (it == available.end()) {
      std::string message = "Unknown isolation '" + name + "' in --isolation; available: " +
                            (availableNames.empty() ? std::string("none (load an isolator module "
                                                                  "with --modules)")
                                                    : join(availableNames));
      for (const std::string& refusal : refusals) message += "; " + refusal;
      return Error(message);
    }
    isolators.push_back(it->second);
  }
  for (const std::string& refusal : refusals) log::warning("{}", refusal);
  log::info("Containerizer isolation: {}", requested.empty() ? "none" : join(requested));
  return std::unique_ptr<Containerizer>(new MesosContainerizer(runtime, std::move(isolators)));
}

}  // namespace nucleus::agent
