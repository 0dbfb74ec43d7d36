// The reaper: exit statuses through pidfd and through the fallbacks.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/agent/containerizer/reaper.hpp"
#include "kernel/runtime/future.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::agent;

namespace {

pid_t forkExiting(int code)
{
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(code);
  return pid;
}

// Destroys the watch on its strand, as the contract asks, and waits for that.
void destroyOn(const Strand& strand, std::unique_ptr<ExitWatch>& watch)
{
  Promise<Nothing> done;
  boost::asio::post(strand, [&] {
    watch.reset();
    done.set(Nothing{});
  });
  REQUIRE(done.future().await(std::chrono::seconds(20)).has_value());
}

}  // namespace

TEST_CASE("watchExit reports a child's exit status, with pidfd and without")
{
  Runtime runtime(Runtime::Options{2, 2, std::chrono::seconds(5)});
  runtime.start();
  Strand strand = runtime.makeStrand();
  for (ReapMode mode : {ReapMode::Auto, ReapMode::Fallback}) {
    CAPTURE(static_cast<int>(mode));
    pid_t pid = forkExiting(7);
    REQUIRE(pid > 0);
    Promise<int> exited;
    auto watch = watchExit(
        runtime, strand, pid, true, [&](int status) { exited.set(status); }, mode);
    Try<int> status = exited.future().await(std::chrono::seconds(20));
    REQUIRE(status.has_value());
    CHECK(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == 7);
    // Reaped: no zombie is left.
    CHECK(::waitpid(pid, nullptr, WNOHANG) == -1);
    destroyOn(strand, watch);
  }
  runtime.stop();
}

TEST_CASE("watchExit reports -1 for a process that is not its child, with pidfd and polling")
{
  Runtime runtime(Runtime::Options{2, 2, std::chrono::seconds(5)});
  runtime.start();
  Strand strand = runtime.makeStrand();
  testing::TempDir dir;
  for (ReapMode mode : {ReapMode::Auto, ReapMode::Fallback}) {
    CAPTURE(static_cast<int>(mode));
    testing::Process sleeper({"sleep", "600"}, dir / "log");
    Promise<int> exited;
    auto watch = watchExit(
        runtime, strand, sleeper.pid(), false, [&](int status) { exited.set(status); }, mode);
    CHECK(exited.future().isPending());
    sleeper.stop(SIGKILL);
    Try<int> status = exited.future().await(std::chrono::seconds(20));
    REQUIRE(status.has_value());
    CHECK(*status == -1);
    destroyOn(strand, watch);
  }
  runtime.stop();
}
