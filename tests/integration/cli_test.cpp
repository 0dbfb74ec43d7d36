// The `nucleus` command line as an operator meets it: version, help, and the
// refusal of bad commands and flags with a message that names the fix.

#include <doctest/doctest.h>

#include "tests/support/process.hpp"

using namespace nucleus::testing;

namespace {
bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("--version names the Nucleus release and the Mesos API it speaks")
{
  Output out = runNucleus({"--version"});
  CHECK(out.exitCode == 0);
  CHECK(contains(out.out, "nucleus 0.1.0 (Mesos API 1.5.0)"));
}

TEST_CASE("--help lists the four commands; no command is a usage error")
{
  Output help = runNucleus({"--help"});
  CHECK(help.exitCode == 0);
  for (const char* command : {"master", "agent", "dev", "execute"}) {
    CHECK(contains(help.out, command));
  }
  CHECK(runNucleus({}).exitCode == 1);
}

TEST_CASE("an unknown command suggests the nearest one")
{
  Output out = runNucleus({"mastr"});
  CHECK(out.exitCode == 1);
  CHECK(contains(out.out, "Unknown command 'mastr'; did you mean 'master'?"));
}

TEST_CASE("<command> --help lists every flag of that command")
{
  struct Case {
    std::string command;
    std::vector<std::string> flags;
  };
  const std::vector<std::string> daemon = {
      "--ip=",          "--port=",          "--work_dir=",          "--modules=",
      "--modules_dir=", "--logging_level=", "--[no-]ssl_enabled",   "--ssl_cert_file=",
      "--ssl_key_file=", "--ssl_ca_file=",  "--[no-]ssl_require_client_cert"};
  std::vector<std::string> dev = daemon;
  dev.insert(dev.end(), {"--agent_port=", "--[no-]default_modules"});
  const Case cases[] = {{"master", daemon}, {"agent", daemon}, {"dev", dev}};
  for (const auto& c : cases) {
    CAPTURE(c.command);
    Output out = runNucleus({c.command, "--help"});
    CHECK(out.exitCode == 0);
    for (const auto& flag : c.flags) {
      CAPTURE(flag);
      CHECK(contains(out.out, flag));
    }
  }
}

TEST_CASE("bad flags exit 1 with a message naming the flag and the fix")
{
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"master", "--prot=5050"}, "unknown flag 'prot'; did you mean '--port'?"},
      {{"master", "--port=abc"}, "'port'"},
      {{"master", "--port=70000"}, "'port'"},
      {{"agent", "--logging_level=LOUD"}, "Unknown logging level 'LOUD'"},
      {{"master", "--ssl_enabled=maybe"}, "'ssl_enabled'"},
      {{"master", "stray"}, "stray"},
      {{"dev", "--port=6000", "--agent_port=6000"},
       "--port and --agent_port are both 6000; give the master and the agent different ports"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    Output out = runNucleus(c.args);
    CHECK(out.exitCode == 1);
    CHECK(contains(out.out, c.message));
    CHECK(contains(out.out, "See 'nucleus " + c.args[0] + " --help'."));
  }
}
