#include <doctest/doctest.h>

#include <thread>

#include "kernel/runtime/future.hpp"

using namespace nucleus;

TEST_CASE("a promise completes its future once and runs continuations")
{
  Promise<int> promise;
  Future<int> future = promise.future();
  CHECK(future.isPending());

  int seen = 0;
  future.onAny([&](const Try<int>& r) { seen = *r; });
  CHECK(promise.set(7));
  CHECK_FALSE(promise.set(8));  // already complete
  CHECK(future.isReady());
  CHECK(seen == 7);
  CHECK(future.await().value() == 7);
}

TEST_CASE("then() chains values, flattens futures and propagates failures")
{
  Promise<int> promise;
  auto doubled = promise.future().then([](int v) { return v * 2; });
  auto nested = doubled.then([](int v) { return Future<std::string>(std::to_string(v)); });
  auto checked = nested.then([](const std::string& s) -> Try<size_t> {
    if (s.empty()) return Error("empty");
    return s.size();
  });
  promise.set(21);
  CHECK(doubled.await().value() == 42);
  CHECK(nested.await().value() == "42");
  CHECK(checked.await().value() == 2);

  Promise<int> failing;
  bool ran = false;
  auto skipped = failing.future().then([&](int) { ran = true; });
  failing.fail(Error("disk on fire"));
  CHECK(skipped.isFailed());
  CHECK(skipped.await().error().message == "disk on fire");
  CHECK_FALSE(ran);
}

TEST_CASE("an exception in a continuation becomes a failure")
{
  auto f = Future<int>(1).then([](int) -> int { throw std::runtime_error("boom"); });
  CHECK(f.isFailed());
  CHECK(f.await().error().message == "Continuation threw: boom");
}

TEST_CASE("await with a timeout reports the timeout")
{
  Promise<int> never;
  auto r = never.future().await(std::chrono::milliseconds(10));
  CHECK_FALSE(r.has_value());
  CHECK(r.error().message.find("Timed out after 10ms") != std::string::npos);
}

TEST_CASE("collect gathers values in order or fails with the first failure")
{
  Promise<int> a, b;
  auto all = collect(std::vector<Future<int>>{a.future(), b.future()});
  std::thread t([&] { b.set(2); });
  a.set(1);
  t.join();
  CHECK(all.await().value() == std::vector<int>{1, 2});

  Promise<int> c, d;
  auto failed = collect(std::vector<Future<int>>{c.future(), d.future()});
  d.fail(Error("d failed"));
  CHECK(failed.await().error().message == "d failed");
}
