// The containerizer with real processes: output files, exit statuses,
// environment, signals, process trees and failed launches.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "containerizer_fixture.hpp"

using namespace nucleus;
using namespace nucleus::testing;

namespace {

// Whether `pid` is gone (or a zombie nobody reaped yet).
bool dead(pid_t pid)
{
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z';
}

}  // namespace

TEST_CASE("a command runs in its sandbox; its output and exit status are kept")
{
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  auto request = f.request("c1", {"sh", "-c", "echo hi; echo oops >&2; pwd; exit 3"});
  Try<int> pid = f.containerizer->launch(request).await(kTimeout);
  REQUIRE_MESSAGE(pid.has_value(), pid.message());
  CHECK(*pid > 0);

  Try<agent::Termination> termination = f.containerizer->wait(containerId("c1")).await(kTimeout);
  REQUIRE_MESSAGE(termination.has_value(), termination.message());
  CHECK(WIFEXITED(termination->status));
  CHECK(WEXITSTATUS(termination->status) == 3);
  CHECK(termination->message == "Command exited with status 3");
  CHECK_FALSE(termination->limitation.has_value());

  const std::string sandbox = std::filesystem::canonical(request.sandbox).string();
  CHECK(f.sandboxFile("c1", "stdout") == "hi\n" + sandbox + "\n");
  CHECK(f.sandboxFile("c1", "stderr") == "oops\n");
  CHECK(f.containerizer->containers().empty());

  // Gone, but wait() and destroy() still answer; kill() has nothing to do.
  CHECK(f.containerizer->wait(containerId("c1")).await(kTimeout)->status == termination->status);
  CHECK(f.containerizer->destroy(containerId("c1")).await(kTimeout).has_value());
  CHECK(f.containerizer->kill(containerId("c1"), SIGTERM).await(kTimeout).has_value());
}

TEST_CASE("the output files are appended to, and a container id may be used again")
{
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  for (const char* word : {"one", "two"}) {
    CAPTURE(word);
    REQUIRE(f.containerizer->launch(f.request("c", {"echo", word})).await(kTimeout).has_value());
    auto termination = f.containerizer->wait(containerId("c")).await(kTimeout);
    REQUIRE(termination.has_value());
    CHECK(termination->status == 0);
    CHECK(termination->message == "Command exited with status 0");
  }
  CHECK(f.sandboxFile("c", "stdout") == "one\ntwo\n");
}

TEST_CASE("the process gets exactly the given environment")
{
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  auto request = f.request("env", {"sh", "-c", "echo \"$FOO|$SPACED|${HOME-unset}\""});
  request.environment["FOO"] = "bar";
  request.environment["SPACED"] = "a b  c";
  REQUIRE(f.containerizer->launch(request).await(kTimeout).has_value());
  REQUIRE(f.containerizer->wait(containerId("env")).await(kTimeout).has_value());
  CHECK(f.sandboxFile("env", "stdout") == "bar|a b  c|unset\n");
}

TEST_CASE("kill() signals the container and wait() reports the signal")
{
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  REQUIRE(f.containerizer->launch(f.request("k", {"sleep", "600"})).await(kTimeout).has_value());
  CHECK(f.containerizer->containers().size() == 1);
  REQUIRE(f.containerizer->kill(containerId("k"), SIGTERM).await(kTimeout).has_value());
  auto termination = f.containerizer->wait(containerId("k")).await(kTimeout);
  REQUIRE(termination.has_value());
  CHECK(WIFSIGNALED(termination->status));
  CHECK(WTERMSIG(termination->status) == SIGTERM);
  CHECK(termination->message == "Killed by signal 15");
}

TEST_CASE("destroy() kills the whole process tree")
{
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  auto request = f.request("tree", {"sh", "-c", "sleep 600 & echo $! > child.pid; wait"});
  Try<int> pid = f.containerizer->launch(request).await(kTimeout);
  REQUIRE(pid.has_value());
  const auto childFile = request.sandbox / "child.pid";
  REQUIRE(waitUntil(
      [&] { return !readFile(childFile).empty() && readFile(childFile).back() == '\n'; }));
  const pid_t child = std::stoi(readFile(childFile));
  CHECK_FALSE(dead(child));

  auto termination = f.containerizer->destroy(containerId("tree")).await(kTimeout);
  REQUIRE_MESSAGE(termination.has_value(), termination.message());
  CHECK(WIFSIGNALED(termination->status));
  CHECK(WTERMSIG(termination->status) == SIGKILL);
  CHECK(termination->message == "Killed by signal 9");
  CHECK(dead(*pid));
  CHECK(waitUntil([&] { return dead(child); }));
  CHECK(f.containerizer->containers().empty());
}

TEST_CASE("a program that cannot be executed fails the launch, naming it")
{
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  struct Case {
    std::vector<std::string> argv;
    std::string error;
  };
  const std::string plain = f.dir.write("plain-file", "not a program\n");
  const std::vector<Case> cases = {
      {{"nucleus-no-such-program", "x"},
       "Failed to launch container c: Failed to execute 'nucleus-no-such-program': No such file "
       "or directory"},
      {{"/nonexistent/prog"},
       "Failed to launch container c: Failed to execute '/nonexistent/prog': No such file or "
       "directory"},
      {{plain},  // not executable
       "Failed to launch container c: Failed to execute '" + plain + "': Permission denied"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.argv.front());
    Try<int> launched = f.containerizer->launch(f.request("c", c.argv)).await(kTimeout);
    REQUIRE_FALSE(launched.has_value());
    CHECK(launched.error().message == c.error);
    auto termination = f.containerizer->wait(containerId("c")).await(kTimeout);
    REQUIRE(termination.has_value());
    CHECK(WEXITSTATUS(termination->status) == 127);
    CHECK(termination->message == c.error);
  }
  CHECK(f.containerizer->containers().empty());
}

TEST_CASE("unknown containers and bad requests are errors")
{
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  CHECK(f.containerizer->wait(containerId("x")).await(kTimeout).message() ==
        "Unknown container: x");
  CHECK(f.containerizer->destroy(containerId("x")).await(kTimeout).message() ==
        "Unknown container: x");
  CHECK(f.containerizer->kill(containerId("x"), SIGTERM).await(kTimeout).message() ==
        "Unknown container: x");
  CHECK(f.containerizer->usage(containerId("x")).await(kTimeout).message() ==
        "Unknown container: x");
  CHECK(f.containerizer->launch(f.request("e", {})).await(kTimeout).message() ==
        "Failed to launch container e: the command is empty");

  REQUIRE(
      f.containerizer->launch(f.request("twice", {"sleep", "600"})).await(kTimeout).has_value());
  CHECK(f.containerizer->launch(f.request("twice", {"true"})).await(kTimeout).message() ==
        "Failed to launch container twice: a container with this id already exists");
  CHECK(f.containerizer->destroy(containerId("twice")).await(kTimeout).has_value());
}

TEST_CASE("nested container ids are told apart by their parents")
{
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  auto request = f.request("child", {"sleep", "600"});
  request.containerId.mutable_parent()->set_value("parent");
  REQUIRE(f.containerizer->launch(request).await(kTimeout).has_value());
  CHECK(f.containerizer->wait(containerId("child")).await(kTimeout).message() ==
        "Unknown container: child");
  auto containers = f.containerizer->containers();
  REQUIRE(containers.size() == 1);
  CHECK(containers[0].parent().value() == "parent");
  CHECK(f.containerizer->destroy(request.containerId).await(kTimeout).has_value());
}

TEST_CASE("a container runs as the requested user")
{
  if (::geteuid() != 0) {
    MESSAGE("skipped: switching users needs root, and this test runs as uid " << ::geteuid());
    return;
  }
  ContainerizerFixture f;
  REQUIRE(f.create("").has_value());
  auto request = f.request("u", {"sh", "-c", "id -u; echo written > own-file"});
  request.user = "nobody";
  // The temporary directory is root's and 0700: let nobody reach its sandbox.
  std::filesystem::permissions(f.dir.path(), std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
  REQUIRE(f.containerizer->launch(request).await(kTimeout).has_value());
  auto termination = f.containerizer->wait(containerId("u")).await(kTimeout);
  REQUIRE(termination.has_value());
  CHECK(termination->status == 0);
  CHECK(f.sandboxFile("u", "stdout") == "65534\n");
  CHECK(f.sandboxFile("u", "own-file") == "written\n");

  request.containerId = containerId("v");
  request.user = "nucleus-no-such-user";
  CHECK(f.containerizer->launch(request).await(kTimeout).message() ==
        "Failed to launch container v: Failed to launch 'sh' as user 'nucleus-no-such-user': no "
        "such user");
}
