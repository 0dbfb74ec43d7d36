#pragma once

// A Host with a fake clock for allocator tests: post() and delay() queue work
// at "now" or "now + after", and nothing runs until the test says so:
// runDue() runs what is due, advance(d) moves the clock forward and runs work
// as it falls due, in time order. Periodic rounds and filter expiry thus run
// exactly when the test moves time, without sleeping.
//
// Thread safety: every method may be called from any thread; work runs on the
// caller of runDue()/advance().

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nucleus/module/fingerprint.hpp"
#include "nucleus/module/host.hpp"

namespace nucleus::testing {

class FakeClockHost final : public module::Host {
 public:
  void log(Level, std::string_view message) noexcept override
  {
    std::lock_guard lock(mutex_);
    lines_.emplace_back(message);
  }

  void post(std::function<void()> work) noexcept override { delay({}, std::move(work)); }

  void delay(std::chrono::milliseconds after, std::function<void()> work) noexcept override
  {
    std::lock_guard lock(mutex_);
    queue_.push(Item{now_ + after, sequence_++, std::move(work)});
  }

  void blocking(std::function<void()> work) noexcept override { work(); }

  std::string_view nucleusVersion() const noexcept override { return module::kSdkVersion; }

  // Runs the work due by now, including work it queues for now.
  int runDue() { return runUntil(now()); }

  // Moves the clock forward by `by`, running work in time order as it falls due.
  int advance(std::chrono::milliseconds by) { return runUntil(now() + by); }

  std::chrono::milliseconds now() const
  {
    std::lock_guard lock(mutex_);
    return now_;
  }

  std::vector<std::string> lines() const
  {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  struct Item {
    std::chrono::milliseconds due;
    std::uint64_t sequence;
    std::function<void()> work;
  };
  struct Later {
    bool operator()(const Item& a, const Item& b) const
    {
      return a.due != b.due ? a.due > b.due : a.sequence > b.sequence;
    }
  };

  int runUntil(std::chrono::milliseconds until)
  {
    int ran = 0;
    for (;;) {
      std::function<void()> work;
      {
        std::lock_guard lock(mutex_);
        if (queue_.empty() || queue_.top().due > until) {
          now_ = until;
          return ran;
        }
        Item item = queue_.top();
        queue_.pop();
        if (item.due > now_) now_ = item.due;
        work = std::move(item.work);
      }
      work();
      ++ran;
    }
  }

  mutable std::mutex mutex_;
  std::chrono::milliseconds now_{0};
  std::uint64_t sequence_ = 0;
  std::priority_queue<Item, std::vector<Item>, Later> queue_;
  std::vector<std::string> lines_;
};

}  // namespace nucleus::testing
