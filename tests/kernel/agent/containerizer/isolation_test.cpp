// --isolation and the isolator modules: choosing them, usage through the real
// posix modules, and what an isolator's failure or limitation does to a container.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>

#include "containerizer_fixture.hpp"
#include "tests/support/process.hpp"

using namespace nucleus;
using namespace nucleus::testing;

TEST_CASE("--isolation names isolations the loaded isolator modules serve")
{
  struct Case {
    std::string isolation;
    std::vector<std::string> libraries;
    std::string error;  // empty: created
  };
  const std::vector<Case> cases = {
      {"posix/cpu,posix/mem", {posixCpu(), posixMem()}, ""},
      {" posix/mem , posix/cpu ", {posixCpu(), posixMem()}, ""},
      {"", {posixCpu()}, ""},
      {"posix/cpu,posix/gpu",
       {posixCpu(), posixMem()},
       "Unknown isolation 'posix/gpu' in --isolation; available: posix/cpu, posix/mem"},
      {"posix/cpu",
       {},
       "Unknown isolation 'posix/cpu' in --isolation; available: none (load an isolator module "
       "with --modules)"},
      {"posix/cpu,posix/cpu",
       {posixCpu()},
       "Duplicate entries found in --isolation flag 'posix/cpu,posix/cpu'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.isolation);
    ContainerizerFixture f;
    Try<Nothing> created = f.create(c.isolation, c.libraries);
    if (c.error.empty()) {
      CHECK_MESSAGE(created.has_value(), created.message());
    } else {
      REQUIRE_FALSE(created.has_value());
      CHECK(created.error().message == c.error);
    }
  }
}

TEST_CASE("usage() merges the posix isolators' statistics with the container's limits")
{
  ContainerizerFixture f;
  REQUIRE(f.create("posix/cpu,posix/mem", {posixCpu(), posixMem()}).has_value());
  auto request = f.request("busy", {"sh", "-c", "while :; do :; done"});
  request.resources = Resources(std::vector<Resource>{scalar("cpus", 0.5), scalar("mem", 64)});
  REQUIRE(f.containerizer->launch(request).await(kTimeout).has_value());

  mesos::v1::ResourceStatistics usage;
  bool busy = waitUntil([&] {
    Try<mesos::v1::ResourceStatistics> u =
        f.containerizer->usage(containerId("busy")).await(kTimeout);
    if (!u) return false;
    usage = *u;
    return usage.cpus_user_time_secs() > 0 && usage.mem_rss_bytes() > 0;
  });
  CHECK_MESSAGE(busy, usage.DebugString());
  CHECK(usage.has_cpus_system_time_secs());
  CHECK(usage.cpus_limit() == doctest::Approx(0.5));
  CHECK(usage.mem_limit_bytes() == 64u * 1024 * 1024);
  CHECK(usage.timestamp() > 1.5e9);

  // update() changes the limits usage() reports.
  REQUIRE(f.containerizer
              ->update(containerId("busy"),
                       Resources(std::vector<Resource>{scalar("cpus", 2), scalar("mem", 128)}))
              .await(kTimeout)
              .has_value());
  auto updated = f.containerizer->usage(containerId("busy")).await(kTimeout);
  REQUIRE(updated.has_value());
  CHECK(updated->cpus_limit() == doctest::Approx(2));
  CHECK(updated->mem_limit_bytes() == 128u * 1024 * 1024);
  CHECK(f.containerizer->destroy(containerId("busy")).await(kTimeout).has_value());
}

TEST_CASE("an isolator's failure fails the launch, naming the isolator")
{
  struct Case {
    std::string fail;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"prepare",
       "Failed to prepare container c with isolator 'test/fake': no room for this container"},
      {"isolate",
       "Failed to isolate container c with isolator 'test/fake': cannot isolate this pid"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.fail);
    ContainerizerFixture f;
    REQUIRE(f.create("posix/cpu,test/fake",
                     {posixCpu(), fakeIsolator(R"([{"key": "fail", "value": ")" + c.fail + "\"}]")})
                .has_value());
    auto request = f.request("c", {"sh", "-c", "echo ran > ran"});
    Try<int> launched = f.containerizer->launch(request).await(kTimeout);
    REQUIRE_FALSE(launched.has_value());
    CHECK(launched.error().message == c.error);
    auto termination = f.containerizer->wait(containerId("c")).await(kTimeout);
    REQUIRE(termination.has_value());
    CHECK(termination->message == c.error);
    CHECK_FALSE(std::filesystem::exists(request.sandbox / "ran"));  // it never ran
    CHECK(f.containerizer->containers().empty());
  }
}

TEST_CASE("an isolator's environment reaches the process; a failing cleanup fails wait()")
{
  ContainerizerFixture f;
  REQUIRE(f.create("test/fake", {fakeIsolator(R"([{"key": "env", "value": "ADDED=by isolator"},
                                                   {"key": "fail", "value": "cleanup"}])")})
              .has_value());
  auto request = f.request("e", {"sh", "-c", "echo \"$ADDED\""});
  REQUIRE(f.containerizer->launch(request).await(kTimeout).has_value());
  auto termination = f.containerizer->wait(containerId("e")).await(kTimeout);
  REQUIRE_FALSE(termination.has_value());
  CHECK(
      termination.error().message ==
      "Failed to clean up an isolator when destroying container: isolator 'test/fake': still busy");
  CHECK(f.sandboxFile("e", "stdout") == "by isolator\n");
}

TEST_CASE("a limitation reported by an isolator destroys the container")
{
  ContainerizerFixture f;
  REQUIRE(f.create("test/fake",
                   {fakeIsolator(R"([{"key": "limit", "value": "Memory limit exceeded: 64MB"}])")})
              .has_value());
  REQUIRE(f.containerizer->launch(f.request("l", {"sleep", "600"})).await(kTimeout).has_value());
  auto termination = f.containerizer->wait(containerId("l")).await(kTimeout);
  REQUIRE_MESSAGE(termination.has_value(), termination.message());
  CHECK(WTERMSIG(termination->status) == SIGKILL);
  REQUIRE(termination->limitation.has_value());
  CHECK(termination->limitation->message == "Memory limit exceeded: 64MB");
  CHECK(termination->limitation->reason ==
        mesos::v1::TaskStatus::REASON_CONTAINER_LIMITATION_MEMORY);
  CHECK(termination->message == "Memory limit exceeded: 64MB");
}

TEST_CASE("usage() skips an isolator that fails, as Mesos 1.5 does")
{
  ContainerizerFixture f;
  REQUIRE(f.create("posix/mem,test/fake",
                   {posixMem(), fakeIsolator(R"([{"key": "fail", "value": "usage"}])")})
              .has_value());
  REQUIRE(f.containerizer->launch(f.request("u", {"sleep", "600"})).await(kTimeout).has_value());
  mesos::v1::ResourceStatistics usage;
  // Right after exec the new image may not be mapped yet.
  CHECK(waitUntil([&] {
    auto u = f.containerizer->usage(containerId("u")).await(kTimeout);
    REQUIRE_MESSAGE(u.has_value(), u.message());
    usage = *u;
    return usage.mem_rss_bytes() > 0;
  }));
  CHECK_FALSE(usage.has_processes());
  CHECK(f.containerizer->destroy(containerId("u")).await(kTimeout).has_value());
}

TEST_CASE("recovered containers are watched; their exit status is unknown")
{
  ContainerizerFixture f;
  REQUIRE(f.create("posix/cpu", {posixCpu()}).has_value());
  // A process this containerizer did not launch, as after an agent restart.
  Process survivor({"sleep", "600"}, f.dir / "survivor.log");
  module::ContainerRecoveryState state;
  state.containerId = containerId("old");
  state.pid = survivor.pid();
  REQUIRE(f.containerizer->recover({state}).await(kTimeout).has_value());
  CHECK(f.containerizer->containers().size() == 1);
  auto usage = f.containerizer->usage(containerId("old")).await(kTimeout);
  REQUIRE(usage.has_value());
  CHECK(usage->has_cpus_user_time_secs());

  auto waited = f.containerizer->wait(containerId("old"));
  survivor.stop(SIGKILL);
  auto termination = waited.await(kTimeout);
  REQUIRE(termination.has_value());
  CHECK(termination->status == -1);
  CHECK(termination->message ==
        "Command exited; its status is unknown (it was not a child of this agent)");
}

TEST_CASE("recover() refuses a state without a process id")
{
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  module::ContainerRecoveryState state;
  state.containerId = containerId("bad");
  CHECK(f.containerizer->recover({state}).await(kTimeout).message() ==
        "Failed to recover container bad: its pid 0 is not a process id");
  CHECK(f.containerizer->containers().empty());
}
