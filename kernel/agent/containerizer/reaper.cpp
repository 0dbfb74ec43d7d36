#include "kernel/agent/containerizer/reaper.hpp"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "kernel/common/logging.hpp"

namespace nucleus::agent {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(250);

// Shared by the watch and its pending handlers; touched only on the strand.
struct State {
  pid_t pid;
  bool isChild;
  std::function<void(int)> onExit;
  bool done = false;

  void finish(int status)
  {
    if (done) return;
    done = true;
    auto callback = std::move(onExit);
    callback(status);
  }
};

// The status of an exited child, without blocking; -1 when it is not ours.
int collect(pid_t pid, bool isChild)
{
  if (!isChild) return -1;
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid, &status, WNOHANG);
  } while (r == -1 && errno == EINTR);
  return r == pid ? status : -1;
}

class PidfdWatch final : public ExitWatch {
 public:
  PidfdWatch(Runtime& runtime, const Strand& strand, int pidfd, std::shared_ptr<State> state)
      : state_(std::move(state)),
        descriptor_(std::make_shared<boost::asio::posix::stream_descriptor>(runtime.io(), pidfd))
  {
    descriptor_->async_wait(
        boost::asio::posix::stream_descriptor::wait_read,
        boost::asio::bind_executor(strand, [state = state_, descriptor = descriptor_](
                                               const boost::system::error_code& ec) {
          if (ec || state->done) return;  // cancelled
          state->finish(collect(state->pid, state->isChild));
        }));
  }
  ~PidfdWatch() override { cancel(); }

  void cancel() override
  {
    state_->done = true;
    boost::system::error_code ignored;
    descriptor_->cancel(ignored);
  }

 private:
  std::shared_ptr<State> state_;
  std::shared_ptr<boost::asio::posix::stream_descriptor> descriptor_;
};

// A child without pidfd: a blocking waitpid() on the blocking pool.
class BlockingWatch final : public ExitWatch {
 public:
  BlockingWatch(Runtime& runtime, const Strand& strand, std::shared_ptr<State> state)
      : state_(std::move(state))
  {
    boost::asio::post(runtime.blockingExecutor(), [strand, state = state_] {
      int status = 0;
      pid_t r;
      do {
        r = ::waitpid(state->pid, &status, 0);
      } while (r == -1 && errno == EINTR);
      int result = r == state->pid ? status : -1;
      boost::asio::post(strand, [state, result] { state->finish(result); });
    });
  }
  ~BlockingWatch() override { cancel(); }
  void cancel() override { state_->done = true; }

 private:
  std::shared_ptr<State> state_;
};

// Not our child and no pidfd: poll for the pid's disappearance.
class PollWatch final : public ExitWatch {
 public:
  PollWatch(Runtime& runtime, const Strand& strand, std::shared_ptr<State> state)
      : state_(std::move(state)),
        timer_(std::make_shared<boost::asio::steady_timer>(runtime.io())),
        strand_(strand)
  {
    poll(state_, timer_, strand_);
  }
  ~PollWatch() override { cancel(); }

  void cancel() override
  {
    state_->done = true;
    timer_->cancel();
  }

 private:
  static void poll(std::shared_ptr<State> state, std::shared_ptr<boost::asio::steady_timer> timer,
                   Strand strand)
  {
    timer->expires_after(kPollInterval);
    timer->async_wait(boost::asio::bind_executor(
        strand, [state, timer, strand](const boost::system::error_code& ec) {
          if (ec || state->done) return;
          if (::kill(state->pid, 0) == -1 && errno == ESRCH) {
            state->finish(-1);
            return;
          }
          poll(state, timer, strand);
        }));
  }

  std::shared_ptr<State> state_;
  std::shared_ptr<boost::asio::steady_timer> timer_;
  Strand strand_;
};

// Not our child, and already gone when the watch started.
class GoneWatch final : public ExitWatch {
 public:
  GoneWatch(const Strand& strand, std::shared_ptr<State> state) : state_(std::move(state))
  {
    boost::asio::post(strand, [state = state_] { state->finish(-1); });
  }
  ~GoneWatch() override { cancel(); }
  void cancel() override { state_->done = true; }

 private:
  std::shared_ptr<State> state_;
};

}  // namespace

std::unique_ptr<ExitWatch> watchExit(Runtime& runtime, const Strand& strand, pid_t pid,
                                     bool isChild, std::function<void(int status)> onExit,
                                     ReapMode mode)
{
  auto state = std::make_shared<State>(State{pid, isChild, std::move(onExit)});
  if (mode == ReapMode::Auto) {
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) return std::make_unique<PidfdWatch>(runtime, strand, pidfd, state);
    if (errno == ESRCH && !isChild) {
      // Already gone (a child would still exist as a zombie until reaped).
      return std::make_unique<GoneWatch>(strand, state);
    }
    log::debug("pidfd_open({}) failed ({}); waiting for it without a pidfd", pid,
               std::strerror(errno));
  }
  if (isChild) return std::make_unique<BlockingWatch>(runtime, strand, state);
  return std::make_unique<PollWatch>(runtime, strand, state);
}

}  // namespace nucleus::agent
