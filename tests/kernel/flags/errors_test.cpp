// Loading flags that are wrong: each mistake gives the message a user sees,
// naming the flag, the bad value and the fix.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kernel/flags/flag_set.hpp"
#include "test_flags.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::flags;
using namespace nucleus::flags::test;

namespace {

struct Case {
  std::string description;
  std::vector<std::string> args;
  Environment environment;
  std::string message;
};

template <typename Flags>
void checkErrors(const std::vector<Case>& cases)
{
  for (const Case& c : cases) {
    CAPTURE(c.description);
    Flags flags;
    Try<Nothing> loaded = flags.load(c.args, c.environment);
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().message == c.message);
  }
}

}  // namespace

TEST_CASE("command-line mistakes")
{
  checkErrors<ServerFlags>({
      {"unknown flag with a suggestion",
       {"--prot=1"},
       {},
       "Failed to load unknown flag 'prot'; did you mean '--port'?"},
      {"unknown --no- flag with a suggestion",
       {"--no-verbos"},
       {},
       "Failed to load unknown flag 'verbos' via 'no-verbos'; did you mean '--no-verbose'?"},
      {"dash instead of underscore",
       {"--work-dir=/x"},
       {},
       "Failed to load unknown flag 'work-dir'; did you mean '--work_dir'?"},
      {"unknown flag nothing like a known one",
       {"--frobnicate=1"},
       {},
       "Failed to load unknown flag 'frobnicate'"},
      {"--no- on a non-boolean",
       {"--no-port"},
       {},
       "Failed to load non-boolean flag 'port' via 'no-port': only boolean flags take the 'no-' "
       "prefix"},
      {"missing value at the end",
       {"--port"},
       {},
       "Failed to load non-boolean flag 'port': missing value; write --port=NUMBER"},
      {"missing value before another flag",
       {"--timeout", "--verbose"},
       {},
       "Failed to load non-boolean flag 'timeout': missing value; write --timeout=DURATION"},
      {"--no- with a value",
       {"--no-verbose=true"},
       {},
       "Failed to load boolean flag 'verbose' via 'no-verbose' with value 'true'; write "
       "--verbose=true or --no-verbose"},
      {"flag given twice",
       {"--port=1", "--port=2"},
       {},
       "Flag 'port' is already loaded via name 'port'; give it only once"},
      {"boolean given twice",
       {"--verbose", "--no-verbose"},
       {},
       "Flag 'verbose' is already loaded via name 'verbose'; give it only once"},
      {"new and deprecated name",
       {"--slave_reregister_timeout=1mins", "--agent_reregister_timeout=2mins"},
       {},
       "Flag 'agent_reregister_timeout' is already loaded via name 'slave_reregister_timeout'; "
       "give it only once"},
      {"positional argument",
       {"--port=1", "extra"},
       {},
       "Unexpected argument 'extra'; flags are written --name=value"},
      {"a boolean never takes the next argument",
       {"--verbose", "false"},
       {},
       "Unexpected argument 'false'; flags are written --name=value"},
      {"one dash",
       {"-port=5"},
       {},
       "Unexpected argument '-port=5'; flags are written --name=value (with two dashes: "
       "'--port=5')"},
      {"bare --", {"--"}, {}, "Unexpected argument '--'; flags are written --name=value"},
  });
}

TEST_CASE("bad values name the flag, the value and what was expected")
{
  checkErrors<ServerFlags>({
      {"not a number",
       {"--port=abc"},
       {},
       "Failed to load flag 'port': invalid value 'abc': expected a whole number from 0 to 65535"},
      {"out of the type's range",
       {"--port=70000"},
       {},
       "Failed to load flag 'port': invalid value '70000': expected a whole number from 0 to "
       "65535"},
      {"validator",
       {"--port=0"},
       {},
       "Failed to load flag 'port': invalid value '0': must be a port from 1 to 65535"},
      {"from NUCLEUS_",
       {},
       {{"NUCLEUS_PORT", "abc"}},
       "Failed to load flag 'port' from environment variable NUCLEUS_PORT: invalid value 'abc': "
       "expected a whole number from 0 to 65535"},
      {"validator on a MESOS_ value",
       {},
       {{"MESOS_RATIO", "1.5"}},
       "Failed to load flag 'ratio' from environment variable MESOS_RATIO: invalid value '1.5': "
       "must be from 0 to 1"},
      {"boolean",
       {"--verbose=yes"},
       {},
       "Failed to load flag 'verbose': invalid value 'yes': expected a boolean: true, false, 1 or "
       "0"},
      {"duration unit",
       {"--timeout=10parsecs"},
       {},
       "Failed to load flag 'timeout': invalid value '10parsecs': unknown unit 'parsecs'; use ns, "
       "us, ms, secs, mins, hrs, days or weeks"},
      {"bytes fraction",
       {"--memory=1.5GB"},
       {},
       "Failed to load flag 'memory': invalid value '1.5GB': fractions are not allowed; use a "
       "smaller unit, e.g. 1536MB for 1.5GB"},
      {"double",
       {"--ratio=half"},
       {},
       "Failed to load flag 'ratio': invalid value 'half': expected a number, e.g. 0.5"},
      {"one of a list",
       {"--policy=bogus"},
       {},
       "Failed to load flag 'policy': invalid value 'bogus': must be one of equal or additive"},
      {"validator on an optional",
       {"--max_agents=0"},
       {},
       "Failed to load flag 'max_agents': invalid value '0': must be at least 1"},
      {"duration validator by deprecated name",
       {"--slave_reregister_timeout=0secs"},
       {},
       "Failed to load flag 'slave_reregister_timeout': invalid value '0secs': must be at least "
       "1secs"},
      {"path refuses file://",
       {"--work_dir=file:///var/lib"},
       {},
       "Failed to load flag 'work_dir': invalid value 'file:///var/lib': expected a path, not a "
       "URL; write '/var/lib'"},
      {"empty path",
       {"--work_dir="},
       {},
       "Failed to load flag 'work_dir': invalid value '': expected a path"},
  });
}

TEST_CASE("file:// values that cannot be read or parsed")
{
  testing::TempDir dir;
  const std::string missing = dir / "missing";
  const std::string garbage = dir.write("garbage", "60x0\n");
  checkErrors<ServerFlags>({
      {"missing file",
       {"--port=file://" + missing},
       {},
       "Failed to load flag 'port': cannot read file '" + missing + "': No such file or directory"},
      {"a directory",
       {"--name=file://" + dir.path().string()},
       {},
       "Failed to load flag 'name': cannot read file '" + dir.path().string() +
           "': Is a directory"},
      {"bad content names the file",
       {"--port=file://" + garbage},
       {},
       "Failed to load flag 'port': invalid value '60x0' in file '" + garbage +
           "': expected a whole number from 0 to 65535"},
      {"missing file from the environment",
       {},
       {{"NUCLEUS_NAME", "file://" + missing}},
       "Failed to load flag 'name' from environment variable NUCLEUS_NAME: cannot read file '" +
           missing + "': No such file or directory"},
      {"no path at all",
       {"--name=file://"},
       {},
       "Failed to load flag 'name': 'file://' names no file"},
  });
}

TEST_CASE("a required flag must be given")
{
  checkErrors<RequiredFlags>({
      {"missing",
       {"--quiet"},
       {},
       "Flag 'work_dir' is required, but it was not provided; pass --work_dir=PATH or set "
       "NUCLEUS_WORK_DIR"},
  });

  for (const Environment& environment :
       {Environment{{"NUCLEUS_WORK_DIR", "/srv"}}, Environment{{"MESOS_WORK_DIR", "/srv"}}}) {
    RequiredFlags flags;
    Try<Nothing> loaded = flags.load({}, environment);
    REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
    CHECK(flags.workDir == "/srv");
  }
}

TEST_CASE("secret values never appear in error messages")
{
  checkErrors<SecretFlags>({
      {"validator",
       {"--token=short"},
       {},
       "Failed to load flag 'token': invalid value '*****': must be at least 8 characters long"},
      {"parse",
       {},
       {{"MESOS_PIN", "12ab"}},
       "Failed to load flag 'pin' from environment variable MESOS_PIN: invalid value '*****': "
       "expected a whole number from 0 to 4294967295"},
  });
}

TEST_CASE("--help is seen even when loading fails")
{
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"--prot=1", "--help"}, {"--help=true"}, {"--quiet", "--help", "stray"}}) {
    RequiredFlags flags;
    (void)flags.load(args, {});
    CHECK(flags.helpRequested());
  }

  RequiredFlags flags;
  (void)flags.load({"--no-help"}, {});
  CHECK_FALSE(flags.helpRequested());
}
