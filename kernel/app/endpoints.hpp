#pragma once

// The endpoints every Nucleus daemon serves, as Mesos serves them:
//   GET /health   200 with an empty body while the process serves
//   GET /version  build facts as JSON (version is the Mesos API version spoken)
//   GET /flags    {"flags": {name: value}}, every flag, secrets hidden
// and `prefix`-ed aliases (/master/flags, /slave(1)/health...).
//
// Thread safety: the handlers read only immutable data and may run on any thread.

#include <memory>
#include <string>

#include "kernel/flags/flag_set.hpp"
#include "kernel/http/server.hpp"

namespace nucleus::app {

// `flags` must outlive the server. `prefix` is the Mesos process name ("master", "slave(1)").
Try<Nothing> addBuiltinEndpoints(http::HttpServer& server, const flags::FlagSet& flags,
                                 const std::string& prefix);

// The bodies, for tests and for `nucleus --version`.
std::string versionJson();
std::string flagsJson(const flags::FlagSet& flags);

}  // namespace nucleus::app
