#pragma once

// Integration-test helpers: a real `nucleus` process on loopback ports chosen
// at run time, and a small HTTP client to drive it the way a user's tools do.
//
// Thread safety: owned by one test thread.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernel/http/client.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace nucleus::testing {

class NucleusProcess {
 public:
  // Starts `nucleus <command> <args...>`; logs go to a file in a temp dir.
  NucleusProcess(const std::string& command, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env = {});

  // Waits until GET http://127.0.0.1:<port>/health answers 200, or the process exits.
  bool waitHealthy(int port, std::chrono::seconds timeout = std::chrono::seconds(20));

  Process& process() { return *process_; }
  std::string log() const { return process_->log(); }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::unique_ptr<Process> process_;
};

// A blocking HTTP client for tests (runs its own runtime).
class TestClient {
 public:
  TestClient();
  ~TestClient();

  struct Reply {
    int status = 0;
    std::string body;
    http::Headers headers;
    std::string error;  // a transport error, when status is 0
  };

  Reply get(int port, const std::string& target);
  Reply send(int port, http::Request request);

 private:
  std::unique_ptr<Runtime> runtime_;
  std::unique_ptr<http::HttpClient> client_;
};

}  // namespace nucleus::testing
