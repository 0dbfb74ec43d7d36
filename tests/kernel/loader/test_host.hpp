#pragma once

// A Host for tests: records log lines, and queues posted and delayed work until
// the test runs it with runPending(), so a test decides when "the strand" runs.
//
// Thread safety: every method may be called from any thread.

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nucleus/module/fingerprint.hpp"
#include "nucleus/module/host.hpp"

namespace nucleus::testing {

class TestHost final : public module::Host {
 public:
  void log(Level, std::string_view message) noexcept override
  {
    std::lock_guard lock(mutex_);
    lines_.emplace_back(message);
  }

  void post(std::function<void()> work) noexcept override
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(work));
  }

  // Delays are not waited for: the work joins the queue, as if the time had passed.
  void delay(std::chrono::milliseconds, std::function<void()> work) noexcept override
  {
    post(std::move(work));
  }

  // Blocking work runs at once on the caller's thread.
  void blocking(std::function<void()> work) noexcept override { work(); }

  std::string_view nucleusVersion() const noexcept override { return module::kSdkVersion; }

  // Runs queued work (including work queued meanwhile); returns how many ran.
  int runPending()
  {
    int ran = 0;
    for (;;) {
      std::function<void()> work;
      {
        std::lock_guard lock(mutex_);
        if (pending_.empty()) return ran;
        work = std::move(pending_.front());
        pending_.pop_front();
      }
      work();
      ++ran;
    }
  }

  std::vector<std::string> lines() const
  {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
  std::deque<std::function<void()>> pending_;
};

}  // namespace nucleus::testing
