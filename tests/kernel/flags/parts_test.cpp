// The pieces under FlagSet: value types, suggestions, validators and the
// usage error a command prints before exiting.

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "kernel/flags/flag_set.hpp"
#include "kernel/flags/flag_types.hpp"
#include "kernel/flags/suggest.hpp"
#include "kernel/flags/usage_error.hpp"
#include "kernel/flags/validators.hpp"

using namespace nucleus;
using namespace nucleus::flags;
using namespace std::chrono_literals;

TEST_CASE("integers parse within their type's range")
{
  CHECK(FlagType<uint16_t>::parse("65535").value() == 65535);
  CHECK(FlagType<uint16_t>::parse("+80").value() == 80);
  CHECK(FlagType<int>::parse("-2147483648").value() == -2147483648LL);
  CHECK(FlagType<int64_t>::parse("9223372036854775807").value() == INT64_MAX);
  CHECK(FlagType<uint64_t>::parse("18446744073709551615").value() == UINT64_MAX);

  for (const char* bad : {"", "-1", "65536", "12abc", " 1", "0x10", "1.0", "+", "+-1"}) {
    CAPTURE(std::string(bad));
    Try<uint16_t> parsed = FlagType<uint16_t>::parse(bad);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().message == "expected a whole number from 0 to 65535");
  }
  CHECK(FlagType<int>::parse("2147483648").message() ==
        "expected a whole number from -2147483648 to 2147483647");
}

TEST_CASE("doubles, booleans and paths")
{
  CHECK(FlagType<double>::parse("0.5").value() == 0.5);
  CHECK(FlagType<double>::parse("-2").value() == -2.0);
  CHECK(FlagType<double>::parse("1e3").value() == 1000.0);
  for (const char* bad : {"", "nan", "inf", "1e999", "0.5x"}) {
    CAPTURE(std::string(bad));
    CHECK(FlagType<double>::parse(bad).message() == "expected a number, e.g. 0.5");
  }
  CHECK(FlagType<double>::print(0.1) == "0.1");
  CHECK(FlagType<double>::print(1e6) == "1e+06");

  CHECK(FlagType<bool>::parse("true").value());
  CHECK(FlagType<bool>::parse("1").value());
  CHECK_FALSE(FlagType<bool>::parse("false").value());
  CHECK_FALSE(FlagType<bool>::parse("0").value());
  CHECK(FlagType<bool>::parse("TRUE").message() == "expected a boolean: true, false, 1 or 0");

  CHECK(FlagType<std::filesystem::path>::parse("/var/lib/x").value() == "/var/lib/x");
  CHECK(FlagType<std::filesystem::path>::parse("relative/x").value() == "relative/x");
}

TEST_CASE("edit distance counts a swap of neighbours as one edit")
{
  struct Case {
    std::string a, b;
    size_t distance;
  };
  const Case cases[] = {
      {"port", "port", 0},  {"prot", "port", 1},         {"por", "port", 1},
      {"portt", "port", 1}, {"work-dir", "work_dir", 1}, {"", "abc", 3},
      {"abc", "", 3},       {"kitten", "sitting", 3},
  };
  for (const Case& c : cases) {
    CAPTURE(c.a);
    CAPTURE(c.b);
    CHECK(editDistance(c.a, c.b) == c.distance);
  }
}

TEST_CASE("suggestions are offered only when close")
{
  const std::vector<std::string> known = {"ip", "port", "work_dir", "zk", "quorum"};
  CHECK(nearest("prot", known) == "port");
  CHECK(nearest("wrok_dir", known) == "work_dir");
  CHECK(nearest("quorom", known) == "quorum");
  CHECK(nearest("ipp", known) == "ip");
  CHECK_FALSE(nearest("ab", known).has_value());
  CHECK_FALSE(nearest("frobnicate", known).has_value());
  CHECK_FALSE(nearest("prt", std::vector<std::string>{}).has_value());
}

TEST_CASE("stock validators")
{
  CHECK(validPort(uint16_t{1}).has_value());
  CHECK(validPort(65535).has_value());
  CHECK(validPort(0).message() == "must be a port from 1 to 65535");
  CHECK(validPort(70000).message() == "must be a port from 1 to 65535");

  const Validator<Duration> atLeastOneSecond = atLeast(1s);
  CHECK(atLeastOneSecond(Duration::seconds(1)).has_value());
  CHECK(atLeastOneSecond(Duration::milliseconds(999)).message() == "must be at least 1secs");

  const Validator<Bytes> size = inRange(Bytes::megabytes(32), Bytes::gigabytes(1));
  CHECK(size(Bytes::megabytes(64)).has_value());
  CHECK(size(Bytes::gigabytes(2)).message() == "must be from 32MB to 1GB");

  const Validator<std::string> policy = oneOf({"equal", "additive", "any"});
  CHECK(policy("additive").has_value());
  CHECK(policy("more").message() == "must be one of equal, additive or any");

  const Validator<std::string> present = nonEmpty;
  CHECK(present("x").has_value());
  CHECK(present("").message() == "must not be empty");
}

TEST_CASE("a usage error names the command and points to --help")
{
  const Error error("Failed to load unknown flag 'prot'; did you mean '--port'?");
  CHECK(usageErrorText("master", error) ==
        "nucleus master: Failed to load unknown flag 'prot'; did you mean '--port'?\n"
        "See 'nucleus master --help'.\n");
  CHECK(usageErrorText("", Error("Unknown command 'mastr'")) ==
        "nucleus: Unknown command 'mastr'\nSee 'nucleus --help'.\n");
}

namespace {

struct ChildResult {
  int status = 0;
  std::string stderrText;
};

// Runs `body` in a forked child (it must end the process) and captures its stderr.
template <typename Body>
ChildResult inChild(Body body)
{
  int pipeFds[2];
  REQUIRE(::pipe(pipeFds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(pipeFds[1], STDERR_FILENO);
    ::close(pipeFds[0]);
    body();
    ::_exit(0);
  }
  ::close(pipeFds[1]);
  ChildResult result;
  char buffer[256];
  ssize_t n = 0;
  while ((n = ::read(pipeFds[0], buffer, sizeof(buffer))) > 0) result.stderrText.append(buffer, n);
  ::close(pipeFds[0]);
  REQUIRE(::waitpid(child, &result.status, 0) == child);
  return result;
}

struct TwicePort : FlagSet {
  TwicePort()
  {
    add(&TwicePort::port, "port", "Port.", 1);
    add(&TwicePort::port, "port", "Port again.", 2);
  }
  int port = 0;
};

struct UpperCaseName : FlagSet {
  UpperCaseName() { add(&UpperCaseName::port, "Port", "Port.", 1); }
  int port = 0;
};

}  // namespace

TEST_CASE("exitWithUsageError prints to stderr and exits with status 1")
{
  const ChildResult result = inChild([] {
    exitWithUsageError("agent", Error("Flag 'work_dir' is required, but it was not provided"));
  });
  REQUIRE(WIFEXITED(result.status));
  CHECK(WEXITSTATUS(result.status) == 1);
  CHECK(result.stderrText ==
        "nucleus agent: Flag 'work_dir' is required, but it was not provided\n"
        "See 'nucleus agent --help'.\n");
}

TEST_CASE("registering a flag wrongly is a bug that stops the process at once")
{
  const ChildResult twice = inChild([] { TwicePort flags; });
  REQUIRE(WIFSIGNALED(twice.status));
  CHECK(WTERMSIG(twice.status) == SIGABRT);
  CHECK(twice.stderrText == "nucleus: flag registration bug: flag 'port' is registered twice\n");

  const ChildResult upper = inChild([] { UpperCaseName flags; });
  REQUIRE(WIFSIGNALED(upper.status));
  CHECK(upper.stderrText.find("flag name 'Port' must be lower-case") != std::string::npos);
}
