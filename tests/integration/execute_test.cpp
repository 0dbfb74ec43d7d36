// `nucleus execute` as a mesos-execute user meets it: every bad flag is refused with exit 1 and a
// message naming the flag and the fix; --dry_run prints the task that would be launched, as Mesos
// JSON; and against a real `nucleus dev` it launches the task, prints each status update and
// exits 0 only when the task finished.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "tests/integration/nucleus_process.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus::testing;
using nlohmann::json;

namespace {

constexpr int kUsageError = 1;
constexpr int kDryRun = 0;

const std::string kMaster = "--master=10.0.0.5:5050";
const std::string kTask = R"({"name":"sleeper","task_id":{"value":"sleeper-1"},)"
                          R"("resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.1}}],)"
                          R"("command":{"value":"sleep 1000"}})";

Output execute(std::vector<std::string> args, const std::map<std::string, std::string>& env = {})
{
  args.insert(args.begin(), "execute");
  return runNucleus(args, env, std::chrono::seconds(60));
}

// As execute(), printing what would be launched instead of launching it.
Output dryRun(std::vector<std::string> args, const std::map<std::string, std::string>& env = {})
{
  args.push_back("--dry_run");
  return execute(std::move(args), env);
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

// The JSON line of the output (the task or task group); null when there is none.
json printedJson(const std::string& output)
{
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("{")) return json::parse(line);
  }
  return nullptr;
}

}  // namespace

TEST_CASE("each bad flag exits 1 with a message naming the flag and the fix")
{
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<std::string> command = {"--name=hello", "--command=echo hi"};
  const auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin(), kMaster);
    args.insert(args.end(), command.begin(), command.end());
    return args;
  };
  const Case cases[] = {
      {{"--name=a", "--command=b"}, "Flag 'master' is required"},
      {{"--master=10.0.0.5", "--name=a", "--command=b"},
       "the master '10.0.0.5' has no port; write host:port, e.g. 10.0.0.5:5050"},
      {{"--master=m:70000", "--name=a", "--command=b"}, "it must be from 1 to 65535"},
      {{"--master=zk://zk1:2181", "--name=a", "--command=b"},
       "a ZooKeeper URL needs the group's path after the servers"},
      {{"--master=ftp://m:5050", "--name=a", "--command=b"},
       "write the master as host:port, http(s)://host:port or zk://host:port/path"},
      {{"--master=local", "--name=a", "--command=b"}, "start one with `nucleus dev`"},
      {{kMaster}, "Either --command or --task or --task_group should be set"},
      {{kMaster, "--command=echo hi"}, "Missing required option --name"},
      {{kMaster, "--name=a/b", "--command=b"}, "(--name is also the task's ID)"},
      {with({"--env={\"A\":1}"}),
       "Failed to load flag 'env': invalid value '{\"A\":1}': the value of 'A' is not a string"},
      {with({"--env=[1]"}), "not a JSON object; give an object of strings"},
      {with({"--resources=cpus:-1"}),
       "Failed to load flag 'resources': invalid value 'cpus:-1': resource 'cpus:-1': the amount "
       "-1 is negative; give 0 or more"},
      {with({"--resources=ports:[5-3]"}), "the range '5-3' begins after it ends; write 3-5"},
      {with({"--resources=ports:[1-5"}), "has unbalanced brackets"},
      {with({"--resources=cpus:1;cpus:{a}"}), "is given as both SCALAR and SET"},
      {with({"--resources=cpus:0"}), "a task needs some resources"},
      {with({"--role=/web"}), "role '/web' cannot start with a slash"},
      {with({"--role=a/../b"}), "cannot include '..' as a component"},
      {with({"--role=-web"}), "starts with a dash"},
      {with({"--role=my role"}), "contains whitespace or a control character"},
      {with({"--framework_capabilities=FLYING"}), "unknown capability 'FLYING'"},
      {with({"--framework_capabilities=MULTI_ROLE"}), "only GPU_RESOURCES may be added"},
      {with({"--content_type=xml"}), "must be one of json, protobuf"},
      {with({"--containerizer=rkt"}), "must be one of mesos or docker"},
      {with({"--containerizer=docker"}), "--containerizer=docker needs an image"},
      {with({"--containerizer=docker", "--docker_image=busybox", "--networks=a,b"}),
       "can join only one network"},
      {with({"--kill_after=5"}), "Failed to load flag 'kill_after'"},
      {with({"--secret=s3cret"}), "--secret is set without --principal"},
      {with({"--nmae=x"}), "did you mean '--name'?"},
      {{kMaster, "--task=" + kTask, "--task_group={\"tasks\":[" + kTask + "]}"},
       "Either --task or --task_group should be set, not both"},
      {{kMaster, "--task=" + kTask, "--command=ls"}, "--command cannot be set with --task"},
      {{kMaster, "--task=" + kTask, "--resources=cpus:2"},
       "--resources cannot be set with --task (it is for the task built from --command); put it "
       "in the JSON of --task instead"},
      {{kMaster, "--task=" + kTask, "--networks=net1"}, "--networks cannot be set with --task"},
      {{kMaster, "--task={\"name\":\"x\"}"}, "missing required field task_id"},
      {{kMaster, "--task={broken"}, "Failed to load flag 'task'"},
      {{kMaster, "--task=/nonexistent/task.json"}, "cannot read '/nonexistent/task.json'"},
      {{kMaster, "--task_group={\"tasks\":[]}"}, "the group has no tasks"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    Output out = execute(c.args);
    CHECK(out.exitCode == kUsageError);
    CHECK_MESSAGE(contains(out.out, c.message), out.out);
    CHECK(contains(out.out, "See 'nucleus execute --help'."));
  }
}

TEST_CASE("the secret never appears in an error")
{
  Output out = execute({kMaster, "--name=a", "--command=b", "--secret=s3cret"});
  CHECK(out.exitCode == kUsageError);
  CHECK_FALSE(contains(out.out, "s3cret"));
}

TEST_CASE("--dry_run prints the TaskInfo of --command and exits 0, launching nothing")
{
  Output out = dryRun({kMaster, "--name=hello", "--command=echo hi", "--env={\"GREETING\":\"hi\"}",
                        "--resources=cpus:0.5;mem:64;ports(web):[31000-31002]"});
  CHECK(out.exitCode == kDryRun);
  CHECK(contains(out.out,
                 "nucleus execute: would launch the task 'hello' for the master at "
                 "10.0.0.5:5050 as role '*'; agent_id is left unset"));

  const json task = printedJson(out.out);
  REQUIRE_MESSAGE(task.is_object(), out.out);
  CHECK(task["name"] == "hello");
  CHECK(task["task_id"]["value"] == "hello");
  CHECK_FALSE(task.contains("agent_id"));
  CHECK(task["command"]["shell"] == true);
  CHECK(task["command"]["value"] == "echo hi");
  CHECK(task["command"]["environment"]["variables"][0]["name"] == "GREETING");
  CHECK(task["command"]["environment"]["variables"][0]["value"] == "hi");
  CHECK_FALSE(task.contains("container"));

  const json& resources = task["resources"];
  REQUIRE(resources.size() == 3);
  CHECK(resources[0] == json::parse(R"({"name":"cpus","type":"SCALAR","scalar":{"value":0.5}})"));
  CHECK(resources[1]["name"] == "mem");
  CHECK(resources[2]["ranges"]["range"][0] == json::parse(R"({"begin":31000,"end":31002})"));
  CHECK(resources[2]["reservations"] == json::parse(R"([{"type":"STATIC","role":"web"}])"));
}

TEST_CASE("--command's defaults, --no-shell and the container flags shape the TaskInfo")
{
  struct Case {
    std::vector<std::string> args;
    std::string expected;  // JSON that the printed task must contain, key by key
  };
  const Case cases[] = {
      {{"--command=sleep 5"},
       R"({"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1.0}},)"
       R"({"name":"mem","type":"SCALAR","scalar":{"value":128.0}}]})"},
      {{"--command=/bin/ls -l /tmp", "--no-shell"},
       R"({"command":{"shell":false,"value":"/bin/ls","arguments":["/bin/ls","-l","/tmp"]}})"},
      {{"--command=true", "--docker_image=busybox", "--networks=net1,net2"},
       R"({"container":{"type":"MESOS","mesos":{"image":{"type":"DOCKER",)"
       R"("docker":{"name":"busybox"},"cached":true}},)"
       R"("network_infos":[{"name":"net1"},{"name":"net2"}]}})"},
      {{"--command=true", "--containerizer=docker", "--docker_image=busybox", "--networks=net1"},
       R"({"container":{"type":"DOCKER","docker":{"image":"busybox","network":"USER",)"
       R"("privileged":false},"network_infos":[{"name":"net1"}]}})"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {kMaster, "--name=t"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CAPTURE(c.expected);
    Output out = dryRun(args);
    CHECK(out.exitCode == kDryRun);
    const json task = printedJson(out.out);
    REQUIRE_MESSAGE(task.is_object(), out.out);
    const json expected = json::parse(c.expected);
    for (const auto& [key, value] : expected.items()) {
      const std::string field = key;
      CAPTURE(field);
      CHECK(task[field] == value);
    }
  }
}

TEST_CASE("--task takes inline JSON, file:///path and /path; agent_id may be left out")
{
  TempDir dir;
  const std::string path = dir.write("task.json", kTask);
  for (const std::string& value : {kTask, "file://" + path, path}) {
    CAPTURE(value);
    Output out = dryRun({"--master=http://10.0.0.5:5050", "--task=" + value});
    CHECK(out.exitCode == kDryRun);
    CHECK(contains(out.out, "would launch the task 'sleeper-1'"));
      const json task = printedJson(out.out);
    REQUIRE_MESSAGE(task.is_object(), out.out);
    CHECK(task["name"] == "sleeper");
    CHECK(task["command"]["value"] == "sleep 1000");
    CHECK_FALSE(task.contains("agent_id"));
  }
}

TEST_CASE("--task_group prints the group, run by the default executor")
{
  const std::string group =
      R"({"tasks":[{"name":"a","task_id":{"value":"a"},"agent_id":{"value":""}},)"
      R"({"name":"b","task_id":{"value":"b"}}]})";
  Output out = dryRun({"--master=zk://zk1:2181,zk2:2181/mesos", "--task_group=" + group,
                        "--networks=net1", "--role=eng/web"});
  CHECK(out.exitCode == kDryRun);
  CHECK(contains(out.out,
                 "would launch the task group ['a', 'b'] with the default executor on "
                 "networks net1 for the master at zk://zk1:2181,zk2:2181/mesos as role "
                 "'eng/web'"));
  const json printed = printedJson(out.out);
  REQUIRE_MESSAGE(printed.is_object(), out.out);
  REQUIRE(printed["tasks"].size() == 2);
  CHECK(printed["tasks"][1]["task_id"]["value"] == "b");
  CHECK_FALSE(printed["tasks"][0].contains("agent_id"));
}

TEST_CASE("ZooKeeper credentials in --master are not printed")
{
  Output out = dryRun({"--master=zk://bob:pw@zk1:2181/mesos", "--name=a", "--command=b"});
  CHECK(out.exitCode == kDryRun);
  CHECK(contains(out.out, "zk://*****@zk1:2181/mesos"));
  CHECK_FALSE(contains(out.out, "bob:pw"));
}

TEST_CASE("NUCLEUS_* variables set flags; an agent's MESOS_* variables do not")
{
  Output out = dryRun({kMaster, "--command=true"},
                       {{"NUCLEUS_NAME", "from-env"}, {"MESOS_RESOURCES", "cpus:8"}});
  CHECK(out.exitCode == kDryRun);
  const json task = printedJson(out.out);
  REQUIRE_MESSAGE(task.is_object(), out.out);
  CHECK(task["task_id"]["value"] == "from-env");
  CHECK(task["resources"][0]["scalar"]["value"] == 1.0);
}

TEST_CASE("--help lists every flag and exits 0")
{
  Output out = execute({"--help"});
  CHECK(out.exitCode == 0);
  for (const char* flag : {"--master=", "--name=", "--command=", "--[no-]shell", "--env=",
                           "--resources=", "--task=", "--task_group=", "--[no-]checkpoint",
                           "--framework_capabilities=", "--role=", "--kill_after=", "--networks=",
                           "--principal=", "--secret=", "--content_type=", "--[no-]partition_aware",
                           "--docker_image=", "--containerizer=", "--[no-]dry_run", "--framework_name="}) {
    CAPTURE(flag);
    CHECK(contains(out.out, flag));
  }
  CHECK(contains(out.out, "(default: cpus:1;mem:128)"));
}

namespace {

// A `nucleus dev` with small resources on ports chosen at run time.
struct DevCluster {
  DevCluster()
      : port(freePort()),
        agentPort(freePort()),
        dev("dev", {"--ip=127.0.0.1", "--port=" + std::to_string(port),
                    "--agent_port=" + std::to_string(agentPort),
                    "--resources=cpus:2;mem:512;disk:512;ports:[31000-31010]",
                    "--work_dir=" + (workDir.path() / "work").string()})
  {
    REQUIRE_MESSAGE(dev.waitHealthy(port), dev.log());
    REQUIRE_MESSAGE(dev.waitHealthy(agentPort), dev.log());
  }
  std::string master() const { return "--master=127.0.0.1:" + std::to_string(port); }

  TempDir workDir;
  int port;
  int agentPort;
  NucleusProcess dev;
};

}  // namespace

TEST_CASE("a task that finishes: its updates are printed and execute exits 0")
{
  DevCluster cluster;
  for (const char* contentType : {"json", "protobuf"}) {
    CAPTURE(contentType);
    const std::string name = std::string("hello-") + contentType;
    Output out = execute({cluster.master(), "--name=" + name, "--command=echo hi",
                          "--resources=cpus:0.1;mem:32",
                          std::string("--content_type=") + contentType});
    CHECK_MESSAGE(out.exitCode == 0, (out.out + cluster.dev.log()));
    CHECK(contains(out.out, "Subscribed with ID "));
    CHECK(contains(out.out, "Submitted task '" + name + "' to agent '"));
    CHECK(contains(out.out, "Received status update TASK_RUNNING for task '" + name + "'"));
    CHECK(contains(out.out, "Received status update TASK_FINISHED for task '" + name + "'"));
  }
}

TEST_CASE("a task that fails or is killed makes execute exit 1")
{
  DevCluster cluster;
  Output failed = execute({cluster.master(), "--name=failing", "--command=exit 3",
                           "--resources=cpus:0.1;mem:32"});
  CHECK_MESSAGE(failed.exitCode == 1, (failed.out + cluster.dev.log()));
  CHECK(contains(failed.out, "Received status update TASK_FAILED for task 'failing'"));
  CHECK(contains(failed.out, "  message: 'Command exited with status 3'"));

  Output killed = execute({cluster.master(), "--name=killed", "--command=sleep 1000",
                           "--resources=cpus:0.1;mem:32", "--kill_after=1secs"});
  CHECK_MESSAGE(killed.exitCode == 1, (killed.out + cluster.dev.log()));
  CHECK(contains(killed.out, "Asked to kill task 'killed'"));
  CHECK(contains(killed.out, "Received status update TASK_KILLED for task 'killed'"));
}

TEST_CASE("--task_group runs every task under the default executor")
{
  DevCluster cluster;
  const std::string group =
      R"({"tasks":[{"name":"a","task_id":{"value":"a"},"command":{"value":"echo a"},)"
      R"("resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.1}},)"
      R"({"name":"mem","type":"SCALAR","scalar":{"value":32}}]},)"
      R"({"name":"b","task_id":{"value":"b"},"command":{"value":"echo b"},)"
      R"("resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.1}},)"
      R"({"name":"mem","type":"SCALAR","scalar":{"value":32}}]}]})";
  Output out = execute({cluster.master(), "--task_group=" + group});
  CHECK_MESSAGE(out.exitCode == 0, (out.out + cluster.dev.log()));
  CHECK(contains(out.out, "Submitted task group with tasks [ a, b ] to agent '"));
  CHECK(contains(out.out, "Received status update TASK_FINISHED for task 'a'"));
  CHECK(contains(out.out, "Received status update TASK_FINISHED for task 'b'"));
}

TEST_CASE("an unreachable master makes execute exit 1 and say so")
{
  Output out = execute({"--master=127.0.0.1:" + std::to_string(freePort()), "--name=x",
                        "--command=true"});
  CHECK(out.exitCode == 1);
  CHECK(contains(out.out, "could not subscribe to the master at 127.0.0.1:"));
}
