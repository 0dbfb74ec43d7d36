#pragma once

// The launcher: forks a container's first process and lets it exec once the
// isolators have seen its pid, as Mesos 1.5's posix launcher does.
//
//   Try<Child> child = forkChild(spec);       // the child waits before exec
//   ... isolate(child->pid) ...
//   Try<Nothing> execed = releaseChild(*child, spec.argv[0]);
//
// The child starts its own session (so it survives the agent and can be killed
// as a group), appends stdout and stderr to <sandbox>/stdout and
// <sandbox>/stderr, reads stdin from /dev/null, changes into the sandbox and,
// once released, execs. If any of that fails, the child writes why into a
// close-on-exec pipe that releaseChild() reads, so the failure (naming the
// program) reaches the caller instead of a bare exit status.
//
// Thread safety: free functions. forkChild() and releaseChild() block (fork,
// exec) and belong on the blocking pool; killContainer() does not block.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "nucleus/module/try.hpp"

namespace nucleus::agent {

// An owned file descriptor, closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept
  {
    if (this != &other) {
      reset();
      fd_ = other.release();
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  int release()
  {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

 private:
  int fd_ = -1;
};

struct ChildSpec {
  std::vector<std::string> argv;         // argv[0] is looked up in PATH unless it has a '/'
  std::vector<std::string> environment;  // "NAME=value", the whole environment
  std::filesystem::path sandbox;         // created (with parents) if missing
  std::optional<std::string> user;       // switch to this user (the agent must be root)
};

// A forked child waiting for its go-ahead.
struct Child {
  pid_t pid = -1;
  UniqueFd release;  // send one byte to let the child exec; closing it makes the child exit
  UniqueFd errors;   // EOF when the exec succeeded, else why it failed
};

// Forks the child. Fails (with no child left behind) when the sandbox, its
// output files or the user cannot be set up.
Try<Child> forkChild(const ChildSpec& spec);

// Lets the child exec and waits until it has (the error pipe closes on exec),
// or returns why it could not, e.g. "Failed to execute 'nope': No such file or directory".
Try<Nothing> releaseChild(Child& child, const std::string& program);

// Sends `signal` to the container's process group (the session leader's pid is
// its group id); falls back to the pid alone if the group does not exist (the
// child may not have called setsid() yet).
void killContainer(pid_t pid, int signal);

// Sends `signal` to every process whose session is `sid` (those that moved to
// another process group but stayed in the container's session). Reads /proc:
// blocking.
void killSession(pid_t sid, int signal);

// The PATH candidates execvpe() would try for `program` with `path` (a PATH value).
std::vector<std::string> executableCandidates(const std::string& program, const std::string& path);

}  // namespace nucleus::agent
