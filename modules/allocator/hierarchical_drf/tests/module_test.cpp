// The built libnucleus_allocator_hierarchical_drf.so through the kernel's
// loader, as `nucleus master` loads it: creation, parameters, and one round.
#include <doctest/doctest.h>

#include <string>

#include "cluster.hpp"
#include "kernel/loader/module_loader.hpp"
#include "nucleus/module/kinds/allocator.hpp"
#include "tests/kernel/loader/test_host.hpp"

using namespace nucleus;
using namespace nucleus::loader;

namespace {

const std::string kLibrary = NUCLEUS_DRF_MODULE;
const std::string kName = "org_nucleus_allocator_hierarchical_drf";

Try<ModulePtr<module::Allocator>> load(ModuleLoader& loader, testing::TestHost& host,
                                       const std::string& parameters = "[]")
{
  Try<Nothing> loaded =
      loader.loadFlag(R"({"libraries": [{"file": ")" + kLibrary + R"(", "modules": [{"name": ")" +
                      kName + R"(", "parameters": )" + parameters + "}]}]}");
  if (!loaded) return loaded.error();
  return loader.create<module::Allocator>(kName, host);
}

}  // namespace

TEST_CASE("the module loads through the kernel's loader and allocates")
{
  ModuleLoader loader;
  testing::TestHost host;
  auto allocator = load(loader, host, R"([{"key": "agent_order", "value": "sorted"}])");
  REQUIRE_MESSAGE(allocator.has_value(), allocator.error().message);

  std::vector<std::string> offered;
  Try<Nothing> initialized =
      (*allocator)
          ->initialize({},
                       [&](const mesos::v1::FrameworkID& id, module::OfferedResources offers) {
                         for (auto& [role, agents] : offers) {
                           for (auto& [agent, resources] : agents) {
                             offered.push_back(id.value() + " " + role + " " + agent + " " +
                                               resources.toString());
                           }
                         }
                       },
                       {});
  REQUIRE(initialized.has_value());

  mesos::v1::AgentInfo agentInfo;
  agentInfo.set_hostname("a1");
  (*allocator)
      ->addAgent(testing::agentId("a1"), agentInfo, std::nullopt, testing::res("cpus:2;mem:512"),
                 {});
  (*allocator)
      ->addFramework(testing::frameworkId("f"), testing::Cluster::info("f", {"web"}), {}, true, {});
  (*allocator)->allocate();
  REQUIRE(offered.size() == 1);
  CHECK(offered[0].rfind("f web a1 ", 0) == 0);
  CHECK((*allocator)->stats().allocationRuns == 1);
}

TEST_CASE("the module refuses parameters it does not know")
{
  const std::string prefix = "Failed to create module '" + kName + "' from library '" + kLibrary +
                             "' (listed in module manifest (inline JSON)): ";
  ModuleLoader loader;
  testing::TestHost host;
  auto unknown = load(loader, host, R"([{"key": "order", "value": "x"}])");
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().message ==
        prefix + "unknown parameter 'order'; accepted parameters: agent_order");

  ModuleLoader again;
  auto bad = load(again, host, R"([{"key": "agent_order", "value": "alphabetical"}])");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message ==
        prefix + "parameter 'agent_order' must be \"random\" or \"sorted\", not \"alphabetical\"");
}
