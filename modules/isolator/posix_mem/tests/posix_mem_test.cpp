// The posix/mem module through the real loader: its name, its parameters and
// the resident memory it reads for a container's processes.
#include <doctest/doctest.h>

#include <signal.h>

#include "modules/isolator/posix_common/testing/isolator_calls.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::testing;

namespace {

const std::string kLibrary = NUCLEUS_POSIX_MEM_MODULE;
const std::string kModule = "org_nucleus_isolator_posix_mem";

}  // namespace

TEST_CASE("posix/mem serves isolation posix/mem and takes no parameters")
{
  TestHost host;
  auto isolator = loadIsolator(host, kLibrary, kModule);
  REQUIRE_MESSAGE(isolator.has_value(), isolator.message());
  CHECK((*isolator)->isolation() == "posix/mem");

  auto refused = loadIsolator(host, kLibrary, kModule, R"([{"key": "limit", "value": "1"}])");
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("unknown parameter 'limit'") != std::string::npos);
}

TEST_CASE("posix/mem reports the resident memory of a container process and enforces nothing")
{
  TestHost host;
  auto made = loadIsolator(host, kLibrary, kModule);
  REQUIRE(made.has_value());
  module::Isolator& isolator = **made;

  TempDir dir;
  Process sleeper({"sleep", "600"}, dir / "log");
  module::ContainerConfig config;
  config.containerId = containerId("m1");
  Answer<std::optional<module::ContainerLaunchInfo>> prepared;
  isolator.prepare(config, prepared.reply());
  REQUIRE(prepared.value.has_value());
  CHECK(prepared.value->has_value());
  Answer<Nothing> isolated;
  isolator.isolate(containerId("m1"), sleeper.pid(), isolated.reply());
  REQUIRE(isolated.value.has_value());
  CHECK(isolated.value->has_value());

  Answer<Nothing> updated;
  isolator.update(containerId("m1"), Resources(), updated.reply());
  REQUIRE(updated.value.has_value());
  CHECK(updated.value->has_value());

  Answer<module::ContainerLimitation> watched;
  isolator.watch(containerId("m1"), watched.reply());
  CHECK_FALSE(watched.value.has_value());

  Answer<mesos::v1::ResourceStatistics> usage;
  isolator.usage(containerId("m1"), usage.reply());
  REQUIRE(usage.value.has_value());
  REQUIRE_MESSAGE(usage.value->has_value(), usage.value->message());
  CHECK(usage.value->value().mem_rss_bytes() > 0);
  CHECK_FALSE(usage.value->value().has_cpus_user_time_secs());  // posix/cpu's business
  CHECK(usage.value->value().timestamp() > 0);

  // Once the process is gone there is nothing to measure.
  sleeper.stop(SIGKILL);
  Answer<mesos::v1::ResourceStatistics> gone;
  isolator.usage(containerId("m1"), gone.reply());
  REQUIRE(gone.value.has_value());
  CHECK(gone.value->message().find("Failed to get usage: no process of the container") == 0);

  Answer<Nothing> cleaned;
  isolator.cleanup(containerId("m1"), cleaned.reply());
  CHECK(cleaned.value->has_value());
}
