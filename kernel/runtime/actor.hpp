#pragma once

// Actors: every stateful component of the kernel is an Actor. Its state is
// touched only by handlers running on its strand, one at a time, on the
// runtime's io threads, so no mutex guards actor state.
//
// Actors live in shared_ptrs made by spawn(). Messages capture a weak
// reference: a message to an actor that is gone fails its future with
// "Actor '<name>' is gone" instead of touching freed memory.
//
//   auto counter = spawn<Counter>(runtime);
//   Future<int> n = dispatch(counter, [](Counter& c) { return c.increment(); });
//   send(counter, [](Counter& c) { c.reset(); });
//
// Thread safety: dispatch/send/defer may be called from any thread; delay(),
// and everything protected, only from the actor's own handlers.

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "kernel/common/logging.hpp"
#include "kernel/runtime/future.hpp"
#include "kernel/runtime/runtime.hpp"

namespace nucleus {

// A cancellable delayed message. Cancelling after it fired does nothing.
class Timer {
 public:
  Timer() = default;
  explicit Timer(std::weak_ptr<boost::asio::steady_timer> timer) : timer_(std::move(timer)) {}
  // Call from the owning actor's strand.
  void cancel()
  {
    if (auto timer = timer_.lock()) timer->cancel();
  }

 private:
  std::weak_ptr<boost::asio::steady_timer> timer_;
};

class Actor : public std::enable_shared_from_this<Actor> {
 public:
  Actor(Runtime& runtime, std::string name)
      : runtime_(runtime), strand_(runtime.makeStrand()), name_(std::move(name))
  {
  }
  virtual ~Actor() = default;
  Actor(const Actor&) = delete;
  Actor& operator=(const Actor&) = delete;

  const std::string& name() const { return name_; }
  Runtime& runtime() const { return runtime_; }
  const Strand& strand() const { return strand_; }

  // Wraps `f` so that calling the wrapper (from any thread) runs f on this
  // actor's strand, if the actor still exists (Mesos' defer(self(), ...)).
  template <typename F>
  auto defer(F&& f)
  {
    return [weak = weak_from_this(), strand = strand_, f = std::forward<F>(f)](auto&&... args) mutable {
      boost::asio::post(strand, [weak, f, args...]() mutable {
        if (auto self = weak.lock()) f(args...);
      });
    };
  }

 protected:
  // Runs `f` on this actor's strand after `after` unless cancelled or the actor is gone.
  template <typename F>
  Timer delay(std::chrono::steady_clock::duration after, F&& f)
  {
    auto timer = std::make_shared<boost::asio::steady_timer>(runtime_.io(), after);
    timer->async_wait(boost::asio::bind_executor(
        strand_, [weak = weak_from_this(), timer, f = std::forward<F>(f)](
                     const boost::system::error_code& ec) mutable {
          if (ec) return;  // cancelled
          if (auto self = weak.lock()) f();
        }));
    return Timer(timer);
  }

 private:
  Runtime& runtime_;
  Strand strand_;
  std::string name_;
};

template <typename A, typename... Args>
std::shared_ptr<A> spawn(Runtime& runtime, Args&&... args)
{
  static_assert(std::is_base_of_v<Actor, A>, "spawn() makes Actors");
  return std::make_shared<A>(runtime, std::forward<Args>(args)...);
}

// Runs `f(actor&)` on the actor's strand; the future carries its result.
// f may return void, a value, a Try<U> or a Future<U>.
template <typename A, typename F>
auto dispatch(const std::shared_ptr<A>& actor, F&& f)
{
  using R = std::invoke_result_t<F, A&>;
  using U = typename internal::ContinuationValue<R>::Type;
  auto promise = std::make_shared<Promise<U>>();
  Future<U> future = promise->future();
  boost::asio::post(actor->strand(), [weak = std::weak_ptr<A>(actor), name = actor->name(), promise,
                                      f = std::forward<F>(f)]() mutable {
    auto self = weak.lock();
    if (!self) {
      promise->fail(Error("Actor '" + name + "' is gone"));
      return;
    }
    try {
      if constexpr (std::is_void_v<R>) {
        f(*self);
        promise->set(Nothing{});
      } else if constexpr (internal::IsFuture<R>::value) {
        f(*self).onAny([promise](const Try<U>& result) { promise->complete(result); });
      } else if constexpr (internal::IsTry<R>::value) {
        promise->complete(f(*self));
      } else {
        promise->set(f(*self));
      }
    } catch (const std::exception& e) {
      promise->fail(Error("Actor '" + name + "' handler threw: " + e.what()));
    }
  });
  return future;
}

// Runs `f(actor&)` on the actor's strand, fire and forget.
template <typename A, typename F>
void send(const std::shared_ptr<A>& actor, F&& f)
{
  boost::asio::post(actor->strand(),
                    [weak = std::weak_ptr<A>(actor), f = std::forward<F>(f)]() mutable {
                      auto self = weak.lock();
                      if (!self) return;
                      try {
                        f(*self);
                      } catch (const std::exception& e) {
                        // Nobody waits on a send: log it rather than let it kill an io thread.
                        log::error("Actor '{}' handler threw: {}", self->name(), e.what());
                      }
                    });
}

}  // namespace nucleus
