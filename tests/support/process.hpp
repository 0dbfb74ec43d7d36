#pragma once

// A child process for tests: run a command to completion and capture its output,
// or start a long-running `nucleus` and stop it with a signal.
//
// Thread safety: a Process is owned by one test thread.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace nucleus::testing {

struct Output {
  int exitCode = -1;  // -1 when killed by a signal
  std::string out;    // stdout and stderr, interleaved
};

// Runs argv to completion (with extra environment variables) and captures its output.
Output run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
           std::chrono::seconds timeout = std::chrono::seconds(120));

// Runs `sh -c command`.
Output shell(const std::string& command, std::chrono::seconds timeout = std::chrono::seconds(300));

class Process {
 public:
  // Starts argv with stdout and stderr going to `logPath`.
  Process(const std::vector<std::string>& argv, const std::string& logPath,
          const std::map<std::string, std::string>& env = {});
  ~Process();  // SIGKILLs the child if it still runs.
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  // Whether the child has exited (reaps it if so).
  bool exited();
  // Sends `signal` and waits up to `timeout` for the exit; returns the wait status or -1.
  int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::string log() const;

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  std::string logPath_;
};

// The path of the built `nucleus` binary (NUCLEUS_BINARY, set by ctest).
std::string nucleusBinary();

// Runs `nucleus <args...>` to completion and captures its output.
Output runNucleus(std::vector<std::string> args, const std::map<std::string, std::string>& env = {},
                  std::chrono::seconds timeout = std::chrono::seconds(30));

}  // namespace nucleus::testing
