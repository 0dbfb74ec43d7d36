// The posix/cpu module through the real loader: its name, its parameters, the
// container table it keeps (Mesos 1.5's messages) and the cpu times it reads.
#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include "modules/isolator/posix_common/testing/isolator_calls.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::testing;

namespace {

const std::string kLibrary = NUCLEUS_POSIX_CPU_MODULE;
const std::string kModule = "org_nucleus_isolator_posix_cpu";

module::ContainerConfig config(const std::string& id)
{
  module::ContainerConfig c;
  c.containerId = containerId(id);
  c.sandboxDirectory = "/tmp";
  return c;
}

}  // namespace

TEST_CASE("posix/cpu serves isolation posix/cpu and takes no parameters")
{
  TestHost host;
  auto isolator = loadIsolator(host, kLibrary, kModule);
  REQUIRE_MESSAGE(isolator.has_value(), isolator.message());
  CHECK((*isolator)->isolation() == "posix/cpu");

  auto refused = loadIsolator(host, kLibrary, kModule, R"([{"key": "limit", "value": "1"}])");
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("unknown parameter 'limit'") != std::string::npos);
}

TEST_CASE("posix/cpu keeps a container from prepare to cleanup, as Mesos 1.5")
{
  TestHost host;
  auto made = loadIsolator(host, kLibrary, kModule);
  REQUIRE(made.has_value());
  module::Isolator& isolator = **made;

  Answer<std::optional<module::ContainerLaunchInfo>> prepared;
  isolator.prepare(config("c1"), prepared.reply());
  REQUIRE(prepared.value.has_value());
  REQUIRE(prepared.value->has_value());
  CHECK_FALSE(prepared.value->value().has_value());  // nothing added to the launch

  Answer<std::optional<module::ContainerLaunchInfo>> again;
  isolator.prepare(config("c1"), again.reply());
  REQUIRE(again.value.has_value());
  CHECK(again.value->message() == "Container c1 has already been prepared");

  struct Case {
    std::string what;
    std::function<void(module::Reply<Nothing>)> call;
    std::string error;
  };
  const std::vector<Case> unknown = {
      {"isolate", [&](auto r) { isolator.isolate(containerId("nope"), 1, r); },
       "Unknown container: nope"},
      {"update", [&](auto r) { isolator.update(containerId("nope"), Resources(), r); },
       "Unknown container: nope"},
  };
  for (const Case& c : unknown) {
    CAPTURE(c.what);
    Answer<Nothing> answer;
    c.call(answer.reply());
    REQUIRE(answer.value.has_value());
    CHECK(answer.value->message() == c.error);
  }

  Answer<Nothing> isolated;
  isolator.isolate(containerId("c1"), ::getpid(), isolated.reply());
  REQUIRE(isolated.value.has_value());
  CHECK(isolated.value->has_value());

  // posix isolation has no limits: watch never answers.
  Answer<module::ContainerLimitation> watched;
  isolator.watch(containerId("c1"), watched.reply());
  CHECK_FALSE(watched.value.has_value());

  Answer<Nothing> cleaned;
  isolator.cleanup(containerId("c1"), cleaned.reply());
  REQUIRE(cleaned.value.has_value());
  CHECK(cleaned.value->has_value());
  CHECK_FALSE(watched.value.has_value());

  // Cleaning up an unknown container is not an error; its usage is empty.
  Answer<Nothing> unknownCleanup;
  isolator.cleanup(containerId("c1"), unknownCleanup.reply());
  CHECK(unknownCleanup.value->has_value());
  Answer<mesos::v1::ResourceStatistics> none;
  isolator.usage(containerId("c1"), none.reply());
  REQUIRE(none.value.has_value());
  REQUIRE(none.value->has_value());
  CHECK_FALSE(none.value->value().has_cpus_user_time_secs());
  CHECK(none.value->value().timestamp() > 0);
}

TEST_CASE("posix/cpu reports the cpu time of a busy container process")
{
  TestHost host;
  auto made = loadIsolator(host, kLibrary, kModule);
  REQUIRE(made.has_value());
  module::Isolator& isolator = **made;

  TempDir dir;
  Process busy({"sh", "-c", "while :; do :; done"}, dir / "log");
  Answer<std::optional<module::ContainerLaunchInfo>> prepared;
  isolator.prepare(config("busy"), prepared.reply());
  Answer<Nothing> isolated;
  isolator.isolate(containerId("busy"), busy.pid(), isolated.reply());
  REQUIRE(isolated.value.has_value());

  mesos::v1::ResourceStatistics last;
  bool busyEnough = waitUntil([&] {
    Answer<mesos::v1::ResourceStatistics> usage;
    isolator.usage(containerId("busy"), usage.reply());
    if (!usage.value || !usage.value->has_value()) return false;
    last = usage.value->value();
    return last.cpus_user_time_secs() + last.cpus_system_time_secs() >= 0.05;
  });
  CHECK_MESSAGE(busyEnough, last.DebugString());
  CHECK(last.has_cpus_user_time_secs());
  CHECK(last.has_cpus_system_time_secs());
  CHECK_FALSE(last.has_mem_rss_bytes());  // posix/mem's business
  CHECK(last.timestamp() > 0);
  busy.stop(SIGKILL);
}
