// Real `nucleus master`, `agent` and `dev` processes on loopback ports chosen
// at run time, driven over HTTP as an operator's tools would.

#include <doctest/doctest.h>

#include <csignal>
#include <nlohmann/json.hpp>

#include "tests/integration/nucleus_process.hpp"

using namespace nucleus::testing;

namespace {
bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

nlohmann::json flagsOf(TestClient& client, int port)
{
  auto reply = client.get(port, "/flags");
  REQUIRE(reply.status == 200);
  return nlohmann::json::parse(reply.body)["flags"];
}

const char* kHelloManifest =
    R"({"libraries":[{"name":"nucleus_http_hello","modules":[{"name":"org_nucleus_http_hello",
        "parameters":[{"key":"greeting","value":"Hi from a manifest"}]}]},
        {"name":"nucleus_allocator_hierarchical_drf",
         "modules":[{"name":"org_nucleus_allocator_hierarchical_drf"}]}]})";
}  // namespace

TEST_CASE("a master serves /health, /version and /flags as Mesos does")
{
  int port = freePort();
  NucleusProcess master("master", {"--ip=127.0.0.1", "--port=" + std::to_string(port)});
  REQUIRE_MESSAGE(master.waitHealthy(port), master.log());
  TestClient client;

  auto health = client.get(port, "/health");
  CHECK(health.status == 200);
  CHECK(health.body.empty());
  CHECK(client.get(port, "/master/health").status == 200);

  auto version = client.get(port, "/version");
  CHECK(version.status == 200);
  CHECK(version.headers.get("Content-Type") == "application/json");
  auto v = nlohmann::json::parse(version.body);
  CHECK(v["version"] == "1.5.0");
  CHECK(v["nucleus_version"] == "0.1.0");
  CHECK(v.contains("build_date"));
  CHECK(v["build_time"].is_number());

  // Tools add cache-busting query strings.
  auto flags = client.get(port, "/flags?_ts=1700000000");
  CHECK(flags.status == 200);
  auto values = nlohmann::json::parse(flags.body)["flags"];
  CHECK(values["port"] == std::to_string(port));
  CHECK(values["ip"] == "127.0.0.1");
  CHECK(values["logging_level"] == "INFO");
  CHECK(client.get(port, "/master/flags").body == flags.body);

  CHECK(client.get(port, "/no/such/endpoint").status == 404);
}

TEST_CASE("flags come from NUCLEUS_ and MESOS_ variables and file:// values, the command line first")
{
  TempDir dir;
  std::string level = dir.write("level", "WARNING\n");
  int port = freePort();
  NucleusProcess master("master",
                        {"--ip=127.0.0.1", "--logging_level=file://" + level},
                        {{"MESOS_PORT", "1"},
                         {"NUCLEUS_PORT", std::to_string(port)},
                         {"MESOS_MODULES_DIR", dir.path().string()}});
  REQUIRE_MESSAGE(master.waitHealthy(port), master.log());
  TestClient client;
  auto flags = flagsOf(client, port);
  CHECK(flags["port"] == std::to_string(port));  // NUCLEUS_ beats MESOS_
  CHECK(flags["logging_level"] == "WARNING");     // read from the file
  CHECK(flags["modules_dir"] == dir.path().string());
}

TEST_CASE("an agent serves its endpoints under /slave(1) too")
{
  int port = freePort();
  TempDir work;
  // No master answers there: the agent keeps trying to register, and serves meanwhile.
  NucleusProcess agent("agent", {"--ip=127.0.0.1", "--port=" + std::to_string(port),
                                 "--master=127.0.0.1:" + std::to_string(freePort()),
                                 "--work_dir=" + (work / "agent")});
  REQUIRE_MESSAGE(agent.waitHealthy(port), agent.log());
  TestClient client;
  CHECK(client.get(port, "/slave(1)/health").status == 200);
  CHECK(client.get(port, "/slave(1)/flags").status == 200);
}

TEST_CASE("nucleus dev runs a master and an agent with the default modules")
{
  TempDir work;
  int masterPort = freePort();
  int agentPort = freePort();
  NucleusProcess dev("dev", {"--ip=127.0.0.1", "--port=" + std::to_string(masterPort),
                             "--agent_port=" + std::to_string(agentPort),
                             "--work_dir=" + (work / "state")});
  REQUIRE_MESSAGE(dev.waitHealthy(masterPort), dev.log());
  REQUIRE(dev.waitHealthy(agentPort));
  TestClient client;
  CHECK(std::filesystem::is_directory(work / "state"));
  auto hello = client.get(masterPort, "/hello");
  CHECK(hello.status == 200);
  CHECK(hello.body == "Hello from Nucleus\n");
  CHECK(flagsOf(client, agentPort)["agent_port"] == std::to_string(agentPort));

  SUBCASE("SIGTERM stops it in order, with exit status 0")
  {
    int status = dev.process().stop(SIGTERM);
    REQUIRE(status != -1);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(contains(dev.log(), "Shutting down: received SIGTERM"));
  }
}

TEST_CASE("--no-default_modules leaves the default modules out")
{
  TempDir work;
  // The allocator and the isolators then come from the operator's manifest.
  const std::string manifest =
      R"({"libraries":[{"name":"nucleus_allocator_hierarchical_drf","modules":[)"
      R"({"name":"org_nucleus_allocator_hierarchical_drf"}]},)"
      R"({"name":"nucleus_isolator_posix_cpu","modules":[{"name":"org_nucleus_isolator_posix_cpu"}]},)"
      R"({"name":"nucleus_isolator_posix_mem","modules":[{"name":"org_nucleus_isolator_posix_mem"}]}]})";
  int masterPort = freePort();
  NucleusProcess dev("dev", {"--ip=127.0.0.1", "--port=" + std::to_string(masterPort),
                             "--agent_port=" + std::to_string(freePort()), "--no-default_modules",
                             "--modules=" + manifest, "--work_dir=" + (work / "state")});
  REQUIRE_MESSAGE(dev.waitHealthy(masterPort), dev.log());
  TestClient client;
  CHECK(client.get(masterPort, "/hello").status == 404);
}

TEST_CASE("a master without its allocator module exits 1 naming --allocator")
{
  Output out = runNucleus({"master", "--ip=127.0.0.1", "--port=" + std::to_string(freePort()),
                           "--no-default_modules"});
  CHECK(out.exitCode == 1);
  CHECK(contains(out.out, "--allocator"));
}

TEST_CASE("an agent needs --master and --work_dir")
{
  Output noMaster = runNucleus({"agent", "--work_dir=/tmp"});
  CHECK(noMaster.exitCode == 1);
  CHECK(contains(noMaster.out, "--master is required"));
  Output noWorkDir = runNucleus({"agent", "--master=127.0.0.1:5050"});
  CHECK(noWorkDir.exitCode == 1);
  CHECK(contains(noWorkDir.out, "--work_dir is required"));
}

TEST_CASE("a module from --modules (inline JSON or a file) serves its route with its parameters")
{
  TempDir dir;
  std::string manifest = dir.write("hello.json", kHelloManifest);
  for (const std::string& value : {std::string(kHelloManifest), manifest}) {
    int port = freePort();
    // The operator's manifest configures hello itself, so the default modules stay out
    // and the manifest brings the allocator too.
    NucleusProcess master("master", {"--ip=127.0.0.1", "--port=" + std::to_string(port),
                                     "--modules=" + value, "--no-default_modules"});
    REQUIRE_MESSAGE(master.waitHealthy(port), master.log());
    TestClient client;
    auto hello = client.get(port, "/hello");
    CHECK(hello.status == 200);
    CHECK(hello.body == "Hi from a manifest\n");
  }
}

TEST_CASE("a daemon that cannot start exits 1 and says why")
{
  TempDir dir;
  std::string file = dir.write("a-file", "x");
  int busy = freePort();
  NucleusProcess holder("master", {"--ip=127.0.0.1", "--port=" + std::to_string(busy)});
  REQUIRE_MESSAGE(holder.waitHealthy(busy), holder.log());

  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"--modules={\"libraries\": [}"}, "line 1"},
      {{R"(--modules={"libraries":[{"file":"/nonexistent/libx.so","modules":[{"name":"x"}]}]})"},
       "/nonexistent/libx.so"},
      {{"--work_dir=" + file + "/state"}, "Failed to create --work_dir"},
      {{"--port=" + std::to_string(busy)}, std::to_string(busy)},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    std::vector<std::string> args = {nucleusBinary(), "master", "--ip=127.0.0.1"};
    if (c.args[0].rfind("--port", 0) != 0) args.push_back("--port=" + std::to_string(freePort()));
    args.insert(args.end(), c.args.begin(), c.args.end());
    Output out = run(args, {}, std::chrono::seconds(30));
    CHECK(out.exitCode == 1);
    CHECK(contains(out.out, c.message));
  }
}
