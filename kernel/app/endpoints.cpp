#include "kernel/app/endpoints.hpp"

#include <nlohmann/json.hpp>

#include "kernel/common/version.hpp"

namespace nucleus::app {

namespace {
constexpr const char* kJson = "application/json";
}  // namespace

std::string versionJson()
{
  nlohmann::json body = {
      {"version", kMesosApiVersion},
      {"nucleus_version", nucleusVersion()},
      {"build_date", buildDate()},
      {"build_time", buildTime()},
      {"build_user", buildUser()},
  };
  if (!gitSha().empty()) body["git_sha"] = gitSha();
  return body.dump();
}

std::string flagsJson(const flags::FlagSet& flags)
{
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [name, value] : flags.values()) values[name] = value;
  return nlohmann::json{{"flags", values}}.dump();
}

Try<Nothing> addBuiltinEndpoints(http::HttpServer& server, const flags::FlagSet& flags,
                                 const std::string& prefix)
{
  // The bodies never change while the process runs, so they are built once.
  auto version = std::make_shared<const std::string>(versionJson());
  auto flagValues = std::make_shared<const std::string>(flagsJson(flags));

  http::Handler health = [](http::Request) { return Future<http::Response>(http::Response::ok()); };
  http::Handler versionHandler = [version](http::Request) {
    return Future<http::Response>(http::Response::ok(*version, kJson));
  };
  http::Handler flagsHandler = [flagValues](http::Request) {
    return Future<http::Response>(http::Response::ok(*flagValues, kJson));
  };

  struct Endpoint {
    std::string path;
    http::Handler handler;
  };
  const Endpoint endpoints[] = {
      {"/health", health},
      {"/" + prefix + "/health", health},
      {"/version", versionHandler},
      {"/flags", flagsHandler},
      {"/" + prefix + "/flags", flagsHandler},
  };
  for (const auto& endpoint : endpoints) {
    Try<Nothing> added = server.addRoute("GET", endpoint.path, endpoint.handler);
    if (!added) return added;
  }
  return Nothing{};
}

}  // namespace nucleus::app
