// The launcher on its own: PATH lookup as execvpe, a child that waits for its
// release, and set-up failures reported before anything runs.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

#include "kernel/agent/containerizer/launcher.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::agent;

TEST_CASE("executableCandidates follows execvpe's PATH rules")
{
  struct Case {
    std::string program;
    std::string path;
    std::vector<std::string> candidates;
  };
  const std::vector<Case> cases = {
      {"sh", "/usr/bin:/bin", {"/usr/bin/sh", "/bin/sh"}},
      {"sh", "", {"/bin/sh", "/usr/bin/sh"}},
      {"sh", "/a::/b", {"/a/sh", "./sh", "/b/sh"}},
      {"./run.sh", "/usr/bin", {"./run.sh"}},
      {"/bin/true", "/usr/bin", {"/bin/true"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.program);
    CAPTURE(c.path);
    CHECK(executableCandidates(c.program, c.path) == c.candidates);
  }
}

TEST_CASE("a forked child waits for its release, then execs in its own session")
{
  testing::TempDir dir;
  ChildSpec spec;
  spec.argv = {"sh", "-c", "cat /proc/$$/stat"};
  spec.environment = {"PATH=/usr/bin:/bin"};
  spec.sandbox = dir.path() / "a" / "b";
  Try<Child> child = forkChild(spec);
  REQUIRE_MESSAGE(child.has_value(), child.message());
  CHECK(std::filesystem::is_directory(spec.sandbox));

  // Not released: nothing ran yet.
  CHECK(testing::readFile(spec.sandbox / "stdout").empty());

  REQUIRE(releaseChild(*child, "sh").has_value());
  int status = 0;
  REQUIRE(::waitpid(child->pid, &status, 0) == child->pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // /proc/<pid>/stat: "pid (comm) state ppid pgrp session ...": its own group and session.
  std::string stat = testing::readFile(spec.sandbox / "stdout");
  std::istringstream fields(stat.substr(stat.rfind(')') + 1));
  std::string state;
  int ppid = 0, pgrp = 0, session = 0;
  fields >> state >> ppid >> pgrp >> session;
  CHECK(ppid == ::getpid());
  CHECK(pgrp == child->pid);
  CHECK(session == child->pid);
}

TEST_CASE("a child abandoned before its release exits without running the program")
{
  testing::TempDir dir;
  ChildSpec spec;
  spec.argv = {"sh", "-c", "echo ran"};
  spec.sandbox = dir.path();
  Try<Child> child = forkChild(spec);
  REQUIRE(child.has_value());
  child->release.reset();
  int status = 0;
  REQUIRE(::waitpid(child->pid, &status, 0) == child->pid);
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(testing::readFile(dir.path() / "stdout").empty());
}

TEST_CASE("set-up failures are reported before anything is forked")
{
  testing::TempDir dir;
  const std::string file = dir.write("file", "x");
  struct Case {
    ChildSpec spec;
    std::string error;
  };
  std::vector<Case> cases = {
      {{{}, {}, dir.path(), std::nullopt},
       "Failed to launch: the command is empty; give the program to run"},
      {{{"true"}, {}, std::filesystem::path(file) / "sandbox", std::nullopt},
       "Failed to create the sandbox '" + file + "/sandbox': Not a directory"},
      {{{"true"}, {}, dir.path(), std::string("nucleus-no-such-user")},
       "Failed to launch 'true' as user 'nucleus-no-such-user': no such user"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.error);
    Try<Child> child = forkChild(c.spec);
    REQUIRE_FALSE(child.has_value());
    CHECK(child.error().message == c.error);
  }
}
