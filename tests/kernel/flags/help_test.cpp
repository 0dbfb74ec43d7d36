// --help: every flag, sorted, with its value hint, help and default, wrapped
// to 80 columns.

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "kernel/flags/flag_set.hpp"
#include "test_flags.hpp"

using namespace nucleus;
using namespace nucleus::flags;
using namespace nucleus::flags::test;

namespace {

struct HelpFlags : FlagSet {
  HelpFlags()
  {
    add(&HelpFlags::port, "port", "Port to listen on.", 5050);
    add(&HelpFlags::quiet, "quiet", "Log less.", false);
    add(&HelpFlags::workDir, "work_dir", "Where to keep state.", kRequired);
    add(&HelpFlags::zk, "zk",
        "ZooKeeper URL of the masters' group, e.g. zk://host1:2181,host2:2181/mesos. Give it to "
        "run several masters; leave it out to run one master on its own.");
    add(&HelpFlags::reregisterTimeout, "agent_reregister_timeout",
        "How long agents have to come back.\nAfter that they are marked unreachable.", 10min);
    add(&HelpFlags::httpSecret, "http_secret", "Shared secret.", "hunter2").secret();
    add(&HelpFlags::aVeryLongFlagNameThatPushesHelp, "a_very_long_flag_name_that_pushes_help_down",
        "Help on the next line.", 1);
  }

  int port = 0;
  bool quiet = false;
  std::filesystem::path workDir;
  std::optional<std::string> zk;
  Duration reregisterTimeout;
  std::string httpSecret;
  int aVeryLongFlagNameThatPushesHelp = 0;
};

}  // namespace

TEST_CASE("help lays flags out like Mesos, wrapped")
{
  HelpFlags flags;
  const std::string expected =
      "Usage: nucleus master [options]\n"
      "\n"
      "  --a_very_long_flag_name_that_pushes_help_down=NUMBER\n"
      "                                    Help on the next line. (default: 1)\n"
      "  --agent_reregister_timeout=DURATION\n"
      "                                    How long agents have to come back.\n"
      "                                    After that they are marked unreachable.\n"
      "                                    (default: 10mins)\n"
      "  --[no-]help                       Prints this help message. (default: false)\n"
      "  --http_secret=VALUE               Shared secret.\n"
      "  --port=NUMBER                     Port to listen on. (default: 5050)\n"
      "  --[no-]quiet                      Log less. (default: false)\n"
      "  --work_dir=PATH                   Where to keep state. (required)\n"
      "  --zk=VALUE                        ZooKeeper URL of the masters' group, e.g.\n"
      "                                    zk://host1:2181,host2:2181/mesos. Give it to\n"
      "                                    run several masters; leave it out to run one\n"
      "                                    master on its own.\n";
  CHECK(flags.help("Usage: nucleus master [options]") == expected);
}

TEST_CASE("help lists every flag once, sorted, within 80 columns")
{
  ServerFlags flags;
  const std::string help = flags.help("Usage: nucleus test [options]");

  std::vector<std::string> listed;
  std::istringstream lines(help);
  std::string line;
  while (std::getline(lines, line)) {
    CHECK(line.size() <= 80);
    if (line.starts_with("  --")) {
      const std::string column = line.substr(4, line.find_first_of(" =", 4) - 4);
      listed.push_back(column.starts_with("[no-]") ? column.substr(5) : column);
    }
  }
  const std::vector<std::string> expected = {"agent_reregister_timeout",
                                             "count",
                                             "help",
                                             "max_agents",
                                             "memory",
                                             "name",
                                             "policy",
                                             "port",
                                             "ratio",
                                             "retries",
                                             "timeout",
                                             "verbose",
                                             "work_dir",
                                             "zk"};
  CHECK(listed == expected);

  CHECK(help.find("  --[no-]verbose ") != std::string::npos);
  CHECK(help.find("  --memory=BYTES ") != std::string::npos);
  CHECK(help.find("(default: 64MB)") != std::string::npos);
  CHECK(help.find("(default: 15secs)") != std::string::npos);
}
