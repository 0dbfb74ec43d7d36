// A test isolator module whose behaviour the manifest picks: which step fails,
// a limitation it reports at once, a variable it adds to the environment.
//
// Parameters: isolation (default "test/fake"), fail ("prepare", "isolate" or
// "cleanup"), limit (a limitation message watch() answers with at once),
// env ("NAME=value" added to the launch).
//
// Thread safety: as every isolator, called on its strand only.
#include <memory>
#include <string>

#include "nucleus/module/kinds/isolator.hpp"
#include "nucleus/module/module.hpp"

namespace {

using namespace nucleus;

class FakeIsolator final : public module::Isolator {
 public:
  explicit FakeIsolator(const module::Parameters& p)
      : isolation_(p.getOr("isolation", "test/fake")),
        fail_(p.getOr("fail", "")),
        limit_(p.getOr("limit", "")),
        env_(p.getOr("env", ""))
  {
  }

  std::string isolation() const noexcept override { return isolation_; }

  void recover(std::vector<module::ContainerRecoveryState>,
               module::Reply<Nothing> reply) noexcept override
  {
    reply(Nothing{});
  }

  void prepare(module::ContainerConfig,
               module::Reply<std::optional<module::ContainerLaunchInfo>> reply) noexcept override
  {
    if (fail_ == "prepare") return reply(Error("no room for this container"));
    if (env_.empty()) return reply(std::optional<module::ContainerLaunchInfo>());
    module::ContainerLaunchInfo info;
    size_t eq = env_.find('=');
    info.environment.emplace_back(env_.substr(0, eq), env_.substr(eq + 1));
    reply(std::optional<module::ContainerLaunchInfo>(info));
  }

  void isolate(mesos::v1::ContainerID, int, module::Reply<Nothing> reply) noexcept override
  {
    if (fail_ == "isolate") return reply(Error("cannot isolate this pid"));
    reply(Nothing{});
  }

  void watch(mesos::v1::ContainerID,
             module::Reply<module::ContainerLimitation> reply) noexcept override
  {
    if (limit_.empty()) return;  // never answers
    module::ContainerLimitation limitation;
    limitation.message = limit_;
    limitation.reason = mesos::v1::TaskStatus::REASON_CONTAINER_LIMITATION_MEMORY;
    reply(limitation);
  }

  void update(mesos::v1::ContainerID, Resources, module::Reply<Nothing> reply) noexcept override
  {
    reply(Nothing{});
  }

  void usage(mesos::v1::ContainerID,
             module::Reply<mesos::v1::ResourceStatistics> reply) noexcept override
  {
    if (fail_ == "usage") return reply(Error("no statistics today"));
    mesos::v1::ResourceStatistics statistics;
    statistics.set_timestamp(1);
    statistics.set_processes(7);
    reply(statistics);
  }

  void cleanup(mesos::v1::ContainerID, module::Reply<Nothing> reply) noexcept override
  {
    if (fail_ == "cleanup") return reply(Error("still busy"));
    reply(Nothing{});
  }

 private:
  std::string isolation_;
  std::string fail_;
  std::string limit_;
  std::string env_;
};

Try<std::unique_ptr<module::Isolator>> create(const module::Parameters& parameters, module::Host&)
{
  if (Try<Nothing> known = parameters.allowOnly({"isolation", "fail", "limit", "env"}); !known) {
    return known.error();
  }
  return std::unique_ptr<module::Isolator>(new FakeIsolator(parameters));
}

}  // namespace

NUCLEUS_MODULE_LIBRARY(
    nucleus::module::describe<"org_nucleus_test_fake_isolator", nucleus::module::Isolator, &create>(
        "The Nucleus authors", "A test isolator whose failures the manifest picks"))
