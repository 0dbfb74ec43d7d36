// Loading flags that are right: every source and form, precedence, booleans,
// defaults, file:// values, and what /flags and isSet() report afterwards.

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "kernel/flags/flag_set.hpp"
#include "test_flags.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::flags;
using namespace nucleus::flags::test;

TEST_CASE("defaults are in place before and after loading nothing")
{
  ServerFlags flags;
  CHECK(flags.port == 5050);
  CHECK(flags.verbose == false);
  CHECK(flags.timeout == Duration::seconds(15));
  CHECK(flags.memory == Bytes::megabytes(64));
  CHECK(flags.name == "nucleus");
  CHECK_FALSE(flags.zk.has_value());

  REQUIRE(flags.load({}, {}).has_value());
  CHECK(flags.port == 5050);
  CHECK(flags.workDir == "/var/lib/nucleus");
  CHECK_FALSE(flags.isSet("port"));
  CHECK(flags.source("port") == FlagSource::Default);
  CHECK_FALSE(flags.source("no_such_flag").has_value());
  CHECK_FALSE(flags.helpRequested());
}

TEST_CASE("every source and form loads, with command line > NUCLEUS_ > MESOS_ > default")
{
  struct Case {
    std::string description;
    std::vector<std::string> args;
    Environment environment;
    std::string flag;
    std::string value;  // as /flags shows it
    FlagSource source;
  };
  const std::vector<Case> cases = {
      {"--name=value", {"--port=6000"}, {}, "port", "6000", FlagSource::CommandLine},
      {"--name value", {"--port", "6000"}, {}, "port", "6000", FlagSource::CommandLine},
      {"upper-case name", {"--PORT=6000"}, {}, "port", "6000", FlagSource::CommandLine},
      {"surrounding spaces", {" --port=6000 "}, {}, "port", "6000", FlagSource::CommandLine},
      {"NUCLEUS_", {}, {{"NUCLEUS_PORT", "6001"}}, "port", "6001", FlagSource::NucleusEnvironment},
      {"MESOS_", {}, {{"MESOS_PORT", "6002"}}, "port", "6002", FlagSource::MesosEnvironment},
      {"MESOS_ lower case",
       {},
       {{"MESOS_port", "6002"}},
       "port",
       "6002",
       FlagSource::MesosEnvironment},
      {"command line beats both",
       {"--port=6000"},
       {{"NUCLEUS_PORT", "6001"}, {"MESOS_PORT", "6002"}},
       "port",
       "6000",
       FlagSource::CommandLine},
      {"NUCLEUS_ beats MESOS_",
       {},
       {{"NUCLEUS_PORT", "6001"}, {"MESOS_PORT", "6002"}},
       "port",
       "6001",
       FlagSource::NucleusEnvironment},
      {"bare boolean", {"--verbose"}, {}, "verbose", "true", FlagSource::CommandLine},
      {"--no-", {"--no-verbose"}, {}, "verbose", "false", FlagSource::CommandLine},
      {"--no- with empty value",
       {"--no-verbose="},
       {},
       "verbose",
       "false",
       FlagSource::CommandLine},
      {"=true", {"--verbose=true"}, {}, "verbose", "true", FlagSource::CommandLine},
      {"=false", {"--verbose=false"}, {}, "verbose", "false", FlagSource::CommandLine},
      {"=1", {"--verbose=1"}, {}, "verbose", "true", FlagSource::CommandLine},
      {"=0", {"--verbose=0"}, {}, "verbose", "false", FlagSource::CommandLine},
      {"empty boolean variable means true",
       {},
       {{"MESOS_VERBOSE", ""}},
       "verbose",
       "true",
       FlagSource::MesosEnvironment},
      {"boolean variable",
       {},
       {{"NUCLEUS_VERBOSE", "false"}},
       "verbose",
       "false",
       FlagSource::NucleusEnvironment},
      {"duration", {"--timeout=1.5mins"}, {}, "timeout", "90secs", FlagSource::CommandLine},
      {"bytes", {"--memory", "1GB"}, {}, "memory", "1GB", FlagSource::CommandLine},
      {"double", {"--ratio=0.25"}, {}, "ratio", "0.25", FlagSource::CommandLine},
      {"negative int64 as next argument",
       {"--count", "-5"},
       {},
       "count",
       "-5",
       FlagSource::CommandLine},
      {"int", {"--retries=+7"}, {}, "retries", "7", FlagSource::CommandLine},
      {"string", {"--name=my cluster"}, {}, "name", "my cluster", FlagSource::CommandLine},
      {"empty string", {"--name="}, {}, "name", "", FlagSource::CommandLine},
      {"path", {"--work_dir=/tmp/x"}, {}, "work_dir", "/tmp/x", FlagSource::CommandLine},
      {"optional",
       {"--zk=zk://a:2181/mesos"},
       {},
       "zk",
       "zk://a:2181/mesos",
       FlagSource::CommandLine},
      {"optional int",
       {},
       {{"NUCLEUS_MAX_AGENTS", "100"}},
       "max_agents",
       "100",
       FlagSource::NucleusEnvironment},
      {"value with '='", {"--name=a=b"}, {}, "name", "a=b", FlagSource::CommandLine},
      {"deprecated name",
       {"--slave_reregister_timeout=5mins"},
       {},
       "slave_reregister_timeout",
       "5mins",
       FlagSource::CommandLine},
      {"deprecated name in MESOS_",
       {},
       {{"MESOS_SLAVE_REREGISTER_TIMEOUT", "5mins"}},
       "slave_reregister_timeout",
       "5mins",
       FlagSource::MesosEnvironment},
  };

  for (const Case& c : cases) {
    CAPTURE(c.description);
    ServerFlags flags;
    Try<Nothing> loaded = flags.load(c.args, c.environment);
    REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
    CHECK(valueOf(flags, c.flag) == c.value);
    CHECK(flags.source(c.flag) == c.source);
    CHECK(flags.isSet(c.flag));
  }
}

TEST_CASE("loaded values land in the typed members")
{
  ServerFlags flags;
  Try<Nothing> loaded = flags.load(
      {"--port=6000", "--verbose", "--timeout=100ms", "--memory=2GB", "--zk", "zk://z:2181/n"},
      {{"MESOS_MAX_AGENTS", "7"}, {"NUCLEUS_RATIO", "0.75"}});
  REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
  CHECK(flags.port == 6000);
  CHECK(flags.verbose);
  CHECK(flags.timeout.chrono() == std::chrono::milliseconds(100));
  CHECK(flags.memory == Bytes::gigabytes(2));
  CHECK(flags.zk == "zk://z:2181/n");
  CHECK(flags.maxAgents == 7);
  CHECK(flags.ratio == 0.75);
}

TEST_CASE("a deprecated name loads the new flag and leaves a warning")
{
  ServerFlags flags;
  REQUIRE(flags.load({"--slave_reregister_timeout=5mins"}, {}).has_value());
  CHECK(flags.reregisterTimeout == Duration::minutes(5));
  CHECK(flags.isSet("agent_reregister_timeout"));
  REQUIRE(flags.warnings().size() == 1);
  CHECK(flags.warnings()[0] ==
        "Flag 'slave_reregister_timeout' is deprecated; use 'agent_reregister_timeout' instead");
}

TEST_CASE("environment variables that name no flag are ignored, as in Mesos")
{
  ServerFlags flags;
  Try<Nothing> loaded = flags.load({}, {{"NUCLEUS_PROT", "1"},
                                        {"MESOS_NATIVE_JAVA_LIBRARY", "/usr/lib/libmesos.so"},
                                        {"NUCLEUS_BINARY", "/usr/bin/nucleus"},
                                        {"PORT", "1"},
                                        {"nucleus_port", "1"}});
  REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
  CHECK(flags.port == 5050);
  CHECK(flags.warnings().empty());
}

TEST_CASE("file:// values are read from the file")
{
  testing::TempDir dir;
  const std::string portFile = dir.write("port", "6000\n");
  const std::string nameFile = dir.write("name", "from file\n");
  const std::string multiLine = dir.write("lines", "line one\nline two\n\n");
  const std::string durationFile = dir.write("timeout", "  30secs \r\n");

  struct Case {
    std::string description;
    std::vector<std::string> args;
    Environment environment;
    std::string flag;
    std::string value;
  };
  const std::vector<Case> cases = {
      {"number, trailing newline trimmed", {"--port=file://" + portFile}, {}, "port", "6000"},
      {"string loses its final line break", {"--name=file://" + nameFile}, {}, "name", "from file"},
      {"string keeps inner lines",
       {"--name=file://" + multiLine},
       {},
       "name",
       "line one\nline two\n"},
      {"duration, whitespace trimmed",
       {"--timeout=file://" + durationFile},
       {},
       "timeout",
       "30secs"},
      {"from the environment", {}, {{"MESOS_PORT", "file://" + portFile}}, "port", "6000"},
      {"as the next argument", {"--port", "file://" + portFile}, {}, "port", "6000"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.description);
    ServerFlags flags;
    Try<Nothing> loaded = flags.load(c.args, c.environment);
    REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
    CHECK(valueOf(flags, c.flag) == c.value);
  }
}

TEST_CASE("values() lists every flag as /flags does")
{
  ServerFlags flags;
  REQUIRE(flags.load({"--port=6000"}, {}).has_value());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"agent_reregister_timeout", "10mins"},
      {"count", "0"},
      {"help", "false"},
      {"memory", "64MB"},
      {"name", "nucleus"},
      {"policy", "equal"},
      {"port", "6000"},
      {"ratio", "0.5"},
      {"retries", "3"},
      {"timeout", "15secs"},
      {"verbose", "false"},
      {"work_dir", "/var/lib/nucleus"},
      // zk and max_agents are absent optionals: left out, as Mesos does.
  };
  CHECK(flags.values() == expected);
}

TEST_CASE("secret values show as ***** in values() and never in help")
{
  SecretFlags flags;
  REQUIRE(flags.load({"--pin=1234"}, {{"NUCLEUS_TOKEN", "s3cr3t-t0ken"}}).has_value());
  CHECK(flags.token == "s3cr3t-t0ken");
  CHECK(flags.pin == 1234u);
  CHECK(valueOf(flags, "token") == "*****");
  CHECK(valueOf(flags, "pin") == "*****");

  const std::string help = flags.help("Usage: nucleus test [options]");
  CHECK(help.find("default-token") == std::string::npos);
  CHECK(help.find("s3cr3t") == std::string::npos);

  SecretFlags unset;
  REQUIRE(unset.load({}, {}).has_value());
  CHECK_FALSE(valueOf(unset, "pin").has_value());  // absent stays absent
}

TEST_CASE("a copy of a flag set reads its own members")
{
  ServerFlags original;
  REQUIRE(original.load({"--port=6000"}, {}).has_value());
  ServerFlags copy = original;
  original.port = 7000;
  CHECK(valueOf(copy, "port") == "6000");
  CHECK(copy.isSet("port"));
  CHECK(valueOf(original, "port") == "7000");
}

TEST_CASE("load(args) reads this process's environment")
{
  // A variable name no other test uses, removed again below.
  REQUIRE(::setenv("NUCLEUS_RETRIES", "11", 1) == 0);
  ServerFlags flags;
  Try<Nothing> loaded = flags.load({});
  ::unsetenv("NUCLEUS_RETRIES");
  REQUIRE_MESSAGE(loaded.has_value(), loaded.message());
  CHECK(flags.retries == 11);
  CHECK(flags.source("retries") == FlagSource::NucleusEnvironment);
  CHECK(processEnvironment().count("NUCLEUS_RETRIES") == 0);
}

TEST_CASE("sources have names for messages")
{
  CHECK(describe(FlagSource::Default) == "default");
  CHECK(describe(FlagSource::CommandLine) == "command line");
  CHECK(describe(FlagSource::NucleusEnvironment) == "NUCLEUS_* environment variable");
  CHECK(describe(FlagSource::MesosEnvironment) == "MESOS_* environment variable");
}
