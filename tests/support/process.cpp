#include "tests/support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

#include "tests/support/temp_dir.hpp"

namespace nucleus::testing {

namespace {

pid_t spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            int outFd)
{
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(outFd, STDOUT_FILENO);
    ::dup2(outFd, STDERR_FILENO);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, STDIN_FILENO);
    for (const auto& [key, value] : env) ::setenv(key.c_str(), value.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

int decode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

Output run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
           std::chrono::seconds timeout)
{
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = spawn(argv, env, fds[1]);
  ::close(fds[1]);

  Output output;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  char buffer[4096];
  int status = 0;
  bool done = false;
  while (!done) {
    ssize_t n;
    while ((n = ::read(fds[0], buffer, sizeof(buffer))) > 0) output.out.append(buffer, n);
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      while ((n = ::read(fds[0], buffer, sizeof(buffer))) > 0) output.out.append(buffer, n);
      done = true;
    } else if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      output.out += "\n[test support: killed after timeout]\n";
      done = true;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ::close(fds[0]);
  output.exitCode = decode(status);
  return output;
}

Output shell(const std::string& command, std::chrono::seconds timeout)
{
  return run({"/bin/sh", "-c", command}, {}, timeout);
}

Process::Process(const std::vector<std::string>& argv, const std::string& logPath,
                 const std::map<std::string, std::string>& env)
    : logPath_(logPath)
{
  int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + logPath);
  pid_ = spawn(argv, env, fd);
  ::close(fd);
}

Process::~Process()
{
  if (!exited()) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
  }
}

bool Process::exited()
{
  if (status_ != -1) return true;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = status;
    return true;
  }
  return false;
}

int Process::stop(int signal, std::chrono::milliseconds timeout)
{
  if (!exited()) ::kill(pid_, signal);
  if (!waitUntil([this] { return exited(); }, timeout)) return -1;
  return status_;
}

std::string Process::log() const { return readFile(logPath_); }

std::string nucleusBinary()
{
  std::string path = env("NUCLEUS_BINARY");
  if (path.empty()) throw std::runtime_error("NUCLEUS_BINARY is not set; run the tests with ctest");
  return path;
}

Output runNucleus(std::vector<std::string> args, const std::map<std::string, std::string>& env,
                  std::chrono::seconds timeout)
{
  args.insert(args.begin(), nucleusBinary());
  return run(args, env, timeout);
}

}  // namespace nucleus::testing
