// Benchmark: actor message throughput against a bare asio::post loop.
//
// One producer thread sends N messages to one actor (each runs on the actor's
// strand); the baseline posts the same N closures straight to the io_context.
// Both run on the same Runtime (same io threads), in the same process run, so
// the ratio says what the actor layer (strand, weak reference, error handling)
// costs over Asio itself.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "kernel/runtime/actor.hpp"

using namespace nucleus;

namespace {

class Sink : public Actor {
 public:
  explicit Sink(Runtime& runtime) : Actor(runtime, "sink") {}
  void receive(uint64_t n)
  {
    sum_ += n;
    if (++count_ == target_) done_.set(Nothing{});
  }
  void expect(uint64_t target) { target_ = target; }
  Future<Nothing> done() { return done_.future(); }

 private:
  uint64_t count_ = 0;
  uint64_t target_ = 0;
  uint64_t sum_ = 0;
  Promise<Nothing> done_;
};

double seconds(std::chrono::steady_clock::duration d)
{
  return std::chrono::duration<double>(d).count();
}

double actorRun(Runtime& runtime, uint64_t messages)
{
  auto sink = spawn<Sink>(runtime);
  sink->expect(messages);
  auto start = std::chrono::steady_clock::now();
  for (uint64_t i = 0; i < messages; ++i) send(sink, [i](Sink& s) { s.receive(i); });
  (void)sink->done().await();
  return messages / seconds(std::chrono::steady_clock::now() - start);
}

// Posts to `executor`: the io_context itself, or a bare strand.
template <typename Executor>
double bareRun(const Executor& executor, uint64_t messages)
{
  std::atomic<uint64_t> count{0};
  Promise<Nothing> done;
  auto start = std::chrono::steady_clock::now();
  for (uint64_t i = 0; i < messages; ++i) {
    boost::asio::post(executor, [&count, &done, messages] {
      if (count.fetch_add(1, std::memory_order_relaxed) + 1 == messages) done.set(Nothing{});
    });
  }
  (void)done.future().await();
  return messages / seconds(std::chrono::steady_clock::now() - start);
}

}  // namespace

int main(int argc, char** argv)
{
  uint64_t messages = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2'000'000;
  Runtime runtime;
  runtime.start();
  // Warm up both paths (allocator caches, thread wake-ups), then take the best of three.
  Strand strand = runtime.makeStrand();
  actorRun(runtime, messages / 10);
  bareRun(runtime.io().get_executor(), messages / 10);
  bareRun(strand, messages / 10);
  double actor = 0, bare = 0, bareStrand = 0;
  for (int round = 0; round < 3; ++round) {
    actor = std::max(actor, actorRun(runtime, messages));
    bare = std::max(bare, bareRun(runtime.io().get_executor(), messages));
    bareStrand = std::max(bareStrand, bareRun(strand, messages));
  }
  std::printf("actor send, messages/s:            %12.0f\n", actor);
  std::printf("bare asio::post to io_context, /s: %12.0f\n", bare);
  std::printf("bare asio::post to a strand, /s:   %12.0f\n", bareStrand);
  std::printf("ratio actor / bare io_context:     %12.2f\n", actor / bare);
  std::printf("ratio actor / bare strand:         %12.2f\n", actor / bareStrand);
  return 0;
}
