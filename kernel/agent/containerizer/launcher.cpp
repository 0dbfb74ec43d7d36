#include "kernel/agent/containerizer/launcher.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

namespace nucleus::agent {

void UniqueFd::reset()
{
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

namespace {

// What the child reports through the error pipe: the step that failed and errno.
enum class Step : int { Session = 1, Output, Sandbox, User, Exec };

struct ChildFailure {
  Step step;
  int error;
};

struct Identity {
  uid_t uid;
  gid_t gid;
  std::vector<gid_t> groups;
};

std::string errnoText(int error)
{
  return std::generic_category().message(error);
}

// Everything the child needs, computed before fork: between fork and exec the
// child of a multi-threaded process may only make async-signal-safe calls, so it
// allocates nothing.
struct Prepared {
  std::vector<std::string> candidates;
  std::vector<char*> argv;
  std::vector<char*> envp;
  std::string sandbox;
  UniqueFd stdinFd;
  UniqueFd stdoutFd;
  UniqueFd stderrFd;
  std::optional<Identity> identity;
};

// Writes the failure (errno of the failed call) and exits; never returns.
[[noreturn]] void childFail(int fd, Step step)
{
  ChildFailure failure{step, errno};
  ssize_t ignored = ::write(fd, &failure, sizeof failure);
  (void)ignored;
  ::_exit(127);
}

// Closes every descriptor from 3 up except `a` and `b` (both >= 3).
void closeAllBut(int a, int b)
{
  if (a > b) std::swap(a, b);
  if (a > 3) ::close_range(3, a - 1, 0);
  if (b > a + 1) ::close_range(a + 1, b - 1, 0);
  ::close_range(b + 1, ~0U, 0);
}

// Runs in the forked child: async-signal-safe calls only.
[[noreturn]] void runChild(const Prepared& p, int releaseFd, int errorFd)
{
  // Undo what the agent's threads set up: handlers and ignored signals would
  // survive exec (ignored ones do), and so would a blocked mask.
  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);

  if (::setsid() == -1) childFail(errorFd, Step::Session);
  if (::dup2(p.stdinFd.get(), STDIN_FILENO) == -1 ||
      ::dup2(p.stdoutFd.get(), STDOUT_FILENO) == -1 ||
      ::dup2(p.stderrFd.get(), STDERR_FILENO) == -1) {
    childFail(errorFd, Step::Output);
  }
  // No descriptor of the agent's (sockets, checkpoints, other launches' pipes)
  // may stay open here: keep only the two of this launch.
  closeAllBut(releaseFd, errorFd);
  if (::chdir(p.sandbox.c_str()) == -1) childFail(errorFd, Step::Sandbox);
  if (p.identity) {
    if (::setgroups(p.identity->groups.size(), p.identity->groups.data()) == -1 ||
        ::setgid(p.identity->gid) == -1 || ::setuid(p.identity->uid) == -1) {
      childFail(errorFd, Step::User);
    }
  }

  // Wait for the isolators; no byte means the agent gave up on this launch.
  char go = 0;
  ssize_t n;
  do {
    n = ::read(releaseFd, &go, 1);
  } while (n == -1 && errno == EINTR);
  if (n != 1) ::_exit(1);

  // As execvpe: a missing file moves on to the next PATH entry; a permission
  // problem is remembered and reported if nothing else works.
  int error = ENOENT;
  bool denied = false;
  for (const std::string& candidate : p.candidates) {
    ::execve(candidate.c_str(), p.argv.data(), p.envp.data());
    if (errno == EACCES) {
      denied = true;
    } else if (errno != ENOENT && errno != ENOTDIR && errno != ESTALE) {
      error = errno;
      break;
    }
  }
  errno = denied && error == ENOENT ? EACCES : error;
  childFail(errorFd, Step::Exec);
}

Try<UniqueFd> openOutput(const std::filesystem::path& path)
{
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd == -1) return Error("Failed to open '" + path.string() + "': " + errnoText(errno));
  return UniqueFd(fd);
}

Try<std::optional<Identity>> resolveUser(const std::optional<std::string>& user,
                                         const std::string& program)
{
  if (!user) return std::optional<Identity>();
  std::vector<char> buffer(16384);
  struct passwd entry;
  struct passwd* found = nullptr;
  int error = ::getpwnam_r(user->c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (found == nullptr) {
    return Error("Failed to launch '" + program + "' as user '" + *user +
                 "': " + (error != 0 ? errnoText(error) : std::string("no such user")));
  }
  if (found->pw_uid == ::geteuid()) return std::optional<Identity>();  // already that user
  if (::geteuid() != 0) {
    return Error("Failed to launch '" + program + "' as user '" + *user +
                 "': the agent runs as uid " + std::to_string(::geteuid()) +
                 ", not root; run it as root or drop the user");
  }
  Identity identity{found->pw_uid, found->pw_gid, {}};
  int count = 64;
  identity.groups.resize(count);
  if (::getgrouplist(found->pw_name, found->pw_gid, identity.groups.data(), &count) == -1) {
    identity.groups.resize(count);
    ::getgrouplist(found->pw_name, found->pw_gid, identity.groups.data(), &count);
  }
  identity.groups.resize(count);
  return std::optional<Identity>(std::move(identity));
}

Try<Nothing> prepare(const ChildSpec& spec, Prepared& p)
{
  const std::string& program = spec.argv.front();
  std::error_code ec;
  std::filesystem::create_directories(spec.sandbox, ec);
  if (ec) {
    return Error("Failed to create the sandbox '" + spec.sandbox.string() + "': " + ec.message());
  }
  p.sandbox = spec.sandbox.string();

  Try<std::optional<Identity>> identity = resolveUser(spec.user, program);
  if (!identity) return identity.error();
  p.identity = *identity;

  Try<UniqueFd> out = openOutput(spec.sandbox / "stdout");
  if (!out) return out.error();
  Try<UniqueFd> err = openOutput(spec.sandbox / "stderr");
  if (!err) return err.error();
  p.stdoutFd = std::move(*out);
  p.stderrFd = std::move(*err);
  p.stdinFd = UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (p.stdinFd.get() == -1) return Error("Failed to open /dev/null: " + errnoText(errno));

  if (p.identity) {
    // The user's process must be able to write into its sandbox.
    for (const auto& path : {spec.sandbox, spec.sandbox / "stdout", spec.sandbox / "stderr"}) {
      if (::chown(path.c_str(), p.identity->uid, p.identity->gid) == -1) {
        return Error("Failed to chown '" + path.string() + "' to user '" + *spec.user +
                     "': " + errnoText(errno));
      }
    }
  }

  std::string path;
  for (const std::string& variable : spec.environment) {
    if (variable.rfind("PATH=", 0) == 0) path = variable.substr(5);
  }
  if (path.empty() && ::getenv("PATH") != nullptr) path = ::getenv("PATH");
  p.candidates = executableCandidates(program, path);

  for (const std::string& arg : spec.argv) p.argv.push_back(const_cast<char*>(arg.c_str()));
  p.argv.push_back(nullptr);
  for (const std::string& var : spec.environment) p.envp.push_back(const_cast<char*>(var.c_str()));
  p.envp.push_back(nullptr);
  return Nothing{};
}

std::string describeFailure(const ChildFailure& failure, const std::string& program)
{
  std::string reason = errnoText(failure.error);
  switch (failure.step) {
    case Step::Session:
      return "Failed to start a new session for '" + program + "': " + reason;
    case Step::Output:
      return "Failed to redirect the output of '" + program + "': " + reason;
    case Step::Sandbox:
      return "Failed to change into the sandbox for '" + program + "': " + reason;
    case Step::User:
      return "Failed to switch user for '" + program + "': " + reason;
    case Step::Exec:
      return "Failed to execute '" + program + "': " + reason;
  }
  return "Failed to launch '" + program + "': " + reason;
}

// Field `index` (1-based, as proc(5) numbers them) of /proc/<pid>/stat, or -1.
long statField(const std::string& stat, int index)
{
  // The command name (field 2) may hold spaces and parentheses: skip to its last ')'.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close + 1));
  std::string field;
  for (int i = 3; rest >> field; ++i) {
    if (i == index) return std::strtol(field.c_str(), nullptr, 10);
  }
  return -1;
}

}  // namespace

std::vector<std::string> executableCandidates(const std::string& program, const std::string& path)
{
  if (program.find('/') != std::string::npos) return {program};
  // glibc's execvpe default when PATH is unset.
  std::string dirs = path.empty() ? "/bin:/usr/bin" : path;
  std::vector<std::string> candidates;
  size_t start = 0;
  for (;;) {
    size_t end = dirs.find(':', start);
    std::string dir =
        dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    candidates.push_back((dir.empty() ? "." : dir) + "/" + program);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return candidates;
}

Try<Child> forkChild(const ChildSpec& spec)
{
  if (spec.argv.empty() || spec.argv.front().empty()) {
    return Error("Failed to launch: the command is empty; give the program to run");
  }
  Prepared p;
  if (Try<Nothing> ready = prepare(spec, p); !ready) return ready.error();

  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) == -1) {
    return Error("Failed to create the launch socket: " + errnoText(errno));
  }
  UniqueFd releaseParent(sockets[0]);
  UniqueFd releaseChildEnd(sockets[1]);
  int pipes[2];
  if (::pipe2(pipes, O_CLOEXEC) == -1) {
    return Error("Failed to create the launch error pipe: " + errnoText(errno));
  }
  UniqueFd errorsParent(pipes[0]);
  UniqueFd errorsChild(pipes[1]);

  pid_t pid = ::fork();
  if (pid == -1) {
    return Error("Failed to fork for '" + spec.argv.front() + "': " + errnoText(errno));
  }
  if (pid == 0) runChild(p, releaseChildEnd.get(), errorsChild.get());

  Child child;
  child.pid = pid;
  child.release = std::move(releaseParent);
  child.errors = std::move(errorsParent);
  return child;
}

Try<Nothing> releaseChild(Child& child, const std::string& program)
{
  char go = 'x';
  ssize_t sent;
  do {
    sent = ::send(child.release.get(), &go, 1, MSG_NOSIGNAL);
  } while (sent == -1 && errno == EINTR);
  child.release.reset();

  ChildFailure failure{};
  size_t got = 0;
  while (got < sizeof failure) {
    ssize_t n =
        ::read(child.errors.get(), reinterpret_cast<char*>(&failure) + got, sizeof failure - got);
    if (n == -1 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  child.errors.reset();
  if (got == sizeof failure) return Error(describeFailure(failure, program));
  if (sent != 1) return Error("Failed to execute '" + program + "': it died before exec");
  return Nothing{};
}

void killContainer(pid_t pid, int signal)
{
  if (pid <= 0) return;
  if (::kill(-pid, signal) == -1 && errno == ESRCH) ::kill(pid, signal);
}

void killSession(pid_t sid, int signal)
{
  if (sid <= 0) return;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream file(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (statField(stat, 6) == sid) ::kill(std::stoi(name), signal);
  }
}

}  // namespace nucleus::agent
