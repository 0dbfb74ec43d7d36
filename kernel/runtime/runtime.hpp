#pragma once

// The process-wide runtime: one io_context served by a thread pool sized to the
// machine (where every actor's strand runs), and a separate pool for blocking
// work (fork/exec, fsync, DNS) so that no handler ever blocks an io thread.
//
// Shutdown is orderly: SIGINT/SIGTERM (or requestShutdown()) runs the registered
// shutdown hooks, newest first, waits for the futures they return, then stops
// the pools.
//
// Thread safety: every member may be called from any thread, except start(),
// waitForShutdown() and stop(), which belong to the thread that owns the Runtime.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kernel/runtime/future.hpp"

namespace nucleus {

using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

class Runtime {
 public:
  struct Options {
    size_t ioThreads = 0;        // 0: one per core
    size_t blockingThreads = 0;  // 0: max(4, 2 x cores)
    // How long shutdown hooks may take before the runtime stops regardless.
    std::chrono::milliseconds shutdownGrace = std::chrono::seconds(10);
  };

  explicit Runtime(Options options);
  Runtime() : Runtime(Options{}) {}
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  boost::asio::io_context& io() { return io_; }
  // The blocking pool's executor, for work that needs no future.
  boost::asio::thread_pool::executor_type blockingExecutor() { return blockingPool_.get_executor(); }
  Strand makeStrand() { return boost::asio::make_strand(io_); }
  size_t ioThreads() const { return ioThreadCount_; }

  // Spawns the io threads. Idempotent.
  void start();

  // Runs `work` on the blocking pool; the future completes there, so chain
  // with then(strand, ...) to get back onto an actor.
  template <typename F>
  auto blocking(F&& work) -> Future<typename internal::ContinuationValue<std::invoke_result_t<F>>::Type>
  {
    using R = std::invoke_result_t<F>;
    using U = typename internal::ContinuationValue<R>::Type;
    auto promise = std::make_shared<Promise<U>>();
    boost::asio::post(blockingPool_, [promise, work = std::forward<F>(work)]() mutable {
      try {
        if constexpr (std::is_void_v<R>) {
          work();
          promise->set(Nothing{});
        } else if constexpr (internal::IsTry<R>::value) {
          promise->complete(work());
        } else {
          promise->set(work());
        }
      } catch (const std::exception& e) {
        promise->fail(Error(std::string("Blocking work threw: ") + e.what()));
      }
    });
    return promise->future();
  }

  // Registers a hook run at shutdown, newest first (so what started last stops first).
  void onShutdown(std::string name, std::function<Future<Nothing>()> hook);

  // Starts an orderly shutdown from any thread; `reason` is logged.
  void requestShutdown(const std::string& reason);

  // Installs the SIGINT/SIGTERM handlers and blocks until shutdown was requested
  // and every hook finished (or the grace period passed); then stops the pools.
  void waitForShutdown();

  // Stops the io and blocking pools and joins their threads. Idempotent.
  void stop();

 private:
  void runHooks();

  Options options_;
  size_t ioThreadCount_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::thread_pool blockingPool_;
  boost::asio::signal_set signals_;
  std::vector<std::thread> threads_;

  std::mutex mutex_;  // guards the fields below
  std::condition_variable shutdownRequested_;
  bool shuttingDown_ = false;
  bool stopped_ = false;
  std::vector<std::pair<std::string, std::function<Future<Nothing>()>>> hooks_;
};

}  // namespace nucleus
