#include "kernel/executor/child_reaper.hpp"

#include <sys/wait.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <cerrno>
#include <csignal>
#include <vector>

#include "kernel/common/logging.hpp"

namespace nucleus::executor {

ChildReaper::ChildReaper(Runtime& runtime, Strand strand)
    : strand_(std::move(strand)), signals_(runtime.io())
{
}

void ChildReaper::start()
{
  boost::system::error_code error;
  signals_.add(SIGCHLD, error);
  if (error) log::error("Failed to listen for SIGCHLD: {}", error.message());
  doWait();
}

void ChildReaper::stop()
{
  boost::system::error_code ignored;
  signals_.cancel(ignored);
}

void ChildReaper::doWait()
{
  signals_.async_wait(boost::asio::bind_executor(
      strand_, [weak = weak_from_this()](const boost::system::error_code& error, int) {
        if (error) return;  // stopped
        auto self = weak.lock();
        if (!self) return;
        self->reap();
        self->doWait();
      }));
}

void ChildReaper::watch(pid_t pid, OnExit onExit)
{
  watched_[pid] = std::move(onExit);
  // The child may have exited before it was watched; its SIGCHLD is already gone.
  reap();
}

void ChildReaper::reap()
{
  std::vector<std::pair<OnExit, int>> exited;
  for (auto it = watched_.begin(); it != watched_.end();) {
    int status = 0;
    pid_t result = ::waitpid(it->first, &status, WNOHANG);
    if (result == it->first || (result < 0 && errno == ECHILD)) {
      if (result < 0) {
        log::warning("Process {} was reaped elsewhere; its exit status is unknown", it->first);
        status = W_EXITCODE(255, 0);
      }
      exited.emplace_back(std::move(it->second), status);
      it = watched_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [onExit, status] : exited) onExit(status);
}

}  // namespace nucleus::executor
