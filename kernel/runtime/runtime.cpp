#include "kernel/runtime/runtime.hpp"

#include <csignal>

#include "kernel/common/logging.hpp"

namespace nucleus {

namespace {
size_t cores() { return std::max<size_t>(1, std::thread::hardware_concurrency()); }
}  // namespace

Runtime::Runtime(Options options)
    : options_(options),
      ioThreadCount_(options.ioThreads ? options.ioThreads : cores()),
      work_(boost::asio::make_work_guard(io_)),
      blockingPool_(options.blockingThreads ? options.blockingThreads
                                            : std::max<size_t>(4, 2 * cores())),
      signals_(io_)
{
}

Runtime::~Runtime() { stop(); }

void Runtime::start()
{
  std::lock_guard lock(mutex_);
  if (!threads_.empty() || stopped_) return;
  for (size_t i = 0; i < ioThreadCount_; ++i) {
    threads_.emplace_back([this] { io_.run(); });
  }
}

void Runtime::onShutdown(std::string name, std::function<Future<Nothing>()> hook)
{
  std::lock_guard lock(mutex_);
  hooks_.emplace_back(std::move(name), std::move(hook));
}

void Runtime::requestShutdown(const std::string& reason)
{
  {
    std::lock_guard lock(mutex_);
    if (shuttingDown_) return;
    shuttingDown_ = true;
  }
  log::info("Shutting down: {}", reason);
  shutdownRequested_.notify_all();
}

void Runtime::waitForShutdown()
{
  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) requestShutdown(std::string("received ") + (signal == SIGINT ? "SIGINT" : "SIGTERM"));
  });
  start();
  {
    std::unique_lock lock(mutex_);
    shutdownRequested_.wait(lock, [this] { return shuttingDown_; });
  }
  runHooks();
  stop();
}

void Runtime::runHooks()
{
  std::vector<std::pair<std::string, std::function<Future<Nothing>()>>> hooks;
  {
    std::lock_guard lock(mutex_);
    hooks.swap(hooks_);
  }
  auto deadline = std::chrono::steady_clock::now() + options_.shutdownGrace;
  for (auto it = hooks.rbegin(); it != hooks.rend(); ++it) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    Try<Nothing> done = it->second().await(std::max(left, std::chrono::milliseconds(0)));
    if (!done) log::warning("Shutdown of {} did not finish cleanly: {}", it->first, done.message());
  }
}

void Runtime::stop()
{
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    threads.swap(threads_);
  }
  work_.reset();
  io_.stop();
  for (auto& thread : threads) {
    if (thread.get_id() == std::this_thread::get_id()) {
      thread.detach();  // stop() called from an io thread: it ends when its handler returns
    } else {
      thread.join();
    }
  }
  boost::system::error_code ignored;
  signals_.cancel(ignored);  // safe now: no io thread runs
  blockingPool_.stop();
  blockingPool_.join();
}

}  // namespace nucleus
