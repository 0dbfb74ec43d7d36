#include <doctest/doctest.h>

#include <csignal>
#include <thread>

#include "kernel/runtime/actor.hpp"

using namespace nucleus;
using namespace std::chrono_literals;

TEST_CASE("blocking work runs off the io threads and its result comes back")
{
  Runtime runtime(Runtime::Options{.ioThreads = 2});
  runtime.start();
  auto ioThread = std::make_shared<Promise<std::thread::id>>();
  boost::asio::post(runtime.io(), [ioThread] { ioThread->set(std::this_thread::get_id()); });
  auto ioId = ioThread->future().await().value();

  auto blockingId = runtime.blocking([] {
    std::this_thread::sleep_for(20ms);  // stands for fsync or fork/exec
    return std::this_thread::get_id();
  });
  CHECK(blockingId.await().value() != ioId);

  auto failed = runtime.blocking([]() -> int { throw std::runtime_error("ENOSPC"); });
  CHECK(failed.await().error().message == "Blocking work threw: ENOSPC");
}

TEST_CASE("SIGTERM runs the shutdown hooks newest first, then stops")
{
  Runtime runtime;
  std::vector<std::string> order;
  std::mutex mutex;
  auto hook = [&](std::string name) {
    return [&, name] {
      std::lock_guard lock(mutex);
      order.push_back(name);
      return Future<Nothing>(Nothing{});
    };
  };
  runtime.onShutdown("http server", hook("http server"));
  runtime.onShutdown("master", hook("master"));

  std::thread signaller([] {
    std::this_thread::sleep_for(100ms);  // let waitForShutdown install its handler
    ::kill(::getpid(), SIGTERM);
  });
  runtime.waitForShutdown();
  signaller.join();
  CHECK(order == std::vector<std::string>{"master", "http server"});
}

TEST_CASE("requestShutdown from a handler ends waitForShutdown")
{
  Runtime runtime;
  bool hookRan = false;
  runtime.onShutdown("flag", [&] {
    hookRan = true;
    return Future<Nothing>(Nothing{});
  });
  runtime.start();
  boost::asio::post(runtime.io(), [&] { runtime.requestShutdown("test asked"); });
  runtime.waitForShutdown();
  CHECK(hookRan);
}
