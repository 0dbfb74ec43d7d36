#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

#include "kernel/runtime/actor.hpp"

using namespace nucleus;
using namespace std::chrono_literals;

namespace {

// Detects overlapping handlers: if two ran at once, `overlaps` counts it.
class Counter : public Actor {
 public:
  explicit Counter(Runtime& runtime) : Actor(runtime, "counter") {}

  int increment()
  {
    if (inside_.exchange(true)) overlaps++;
    int v = ++value_;
    inside_ = false;
    return v;
  }
  int value() const { return value_; }

  Future<Nothing> tickAfter(std::chrono::milliseconds after)
  {
    auto promise = std::make_shared<Promise<Nothing>>();
    delay(after, [this, promise] {
      ++value_;
      promise->set(Nothing{});
    });
    return promise->future();
  }

  void armAndCancel(std::chrono::milliseconds after)
  {
    Timer t = delay(after, [this] { value_ += 1000; });
    t.cancel();
  }

  std::atomic<int> overlaps{0};

 private:
  std::atomic<bool> inside_{false};
  int value_ = 0;
};

}  // namespace

TEST_CASE("an actor runs its handlers one at a time, across many senders")
{
  Runtime runtime(Runtime::Options{.ioThreads = 4});
  runtime.start();
  auto counter = spawn<Counter>(runtime);

  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) send(counter, [](Counter& c) { c.increment(); });
    });
  }
  for (auto& s : senders) s.join();
  auto total = dispatch(counter, [](Counter& c) { return c.value(); });
  CHECK(total.await().value() == 20000);
  CHECK(counter->overlaps == 0);
}

TEST_CASE("delayed messages fire after their delay and can be cancelled")
{
  Runtime runtime;
  runtime.start();
  auto counter = spawn<Counter>(runtime);

  auto start = std::chrono::steady_clock::now();
  auto ticked = dispatch(counter, [](Counter& c) { return c.tickAfter(50ms); });
  REQUIRE(ticked.await(5000ms).has_value());
  CHECK(std::chrono::steady_clock::now() - start >= 50ms);

  (void)dispatch(counter, [](Counter& c) { c.armAndCancel(10ms); }).await();
  // A later tick proves the cancelled timer's due time has passed.
  (void)dispatch(counter, [](Counter& c) { return c.tickAfter(30ms); }).await();
  CHECK(dispatch(counter, [](Counter& c) { return c.value(); }).await().value() == 2);
}

TEST_CASE("a message to an actor that is gone fails instead of crashing")
{
  Runtime runtime;
  auto counter = spawn<Counter>(runtime);
  auto future = dispatch(counter, [](Counter& c) { return c.increment(); });
  counter.reset();  // gone before the runtime runs the message
  runtime.start();
  CHECK(future.await(5000ms).error().message == "Actor 'counter' is gone");
}

TEST_CASE("a throwing handler fails the dispatch future and the actor keeps working")
{
  Runtime runtime;
  runtime.start();
  auto counter = spawn<Counter>(runtime);
  auto bad = dispatch(counter, [](Counter&) -> int { throw std::runtime_error("bad input"); });
  CHECK(bad.await().error().message == "Actor 'counter' handler threw: bad input");
  send(counter, [](Counter&) { throw std::runtime_error("ignored, logged"); });
  CHECK(dispatch(counter, [](Counter& c) { return c.increment(); }).await().value() == 1);
}

TEST_CASE("defer runs a callback on the actor's strand from any thread")
{
  Runtime runtime;
  runtime.start();
  auto counter = spawn<Counter>(runtime);
  Promise<int> seen;
  auto callback = counter->defer([&seen, counter = counter.get()](int add) {
    for (int i = 0; i < add; ++i) counter->increment();
    seen.set(counter->value());
  });
  std::thread([&] { callback(3); }).join();
  CHECK(seen.future().await().value() == 3);
}
