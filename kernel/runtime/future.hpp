#pragma once

// Future<T> and Promise<T>: the result of asynchronous work, which is either
// pending, ready with a T, or failed with an Error.
//
// Continuations registered with onAny()/then() run exactly once: inline on the
// thread that completes the promise, or at once if the future is already
// complete. To run a continuation on an actor's strand, pass that strand as the
// executor (then(strand, f)), or wrap it with Actor::defer().
//
// Thread safety: a Future and its Promise may be used from any threads; the
// shared state is guarded by its own mutex (this guards no actor state).
// await() blocks and is for main() and tests only, never inside a handler.

#include <boost/asio/post.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "nucleus/module/try.hpp"

namespace nucleus {

template <typename T>
class Future;

template <typename T>
class Promise;

namespace internal {

template <typename T>
struct IsFuture : std::false_type {};
template <typename T>
struct IsFuture<Future<T>> : std::true_type {
  using Value = T;
};

template <typename T>
struct IsTry : std::false_type {};
template <typename T>
struct IsTry<Try<T>> : std::true_type {
  using Value = T;
};

// The value type of the future that then() returns for a continuation returning R:
// void -> Nothing, Future<U> -> U, Try<U> -> U, otherwise R.
template <typename R>
struct ContinuationValue {
  using Type = R;
};
template <>
struct ContinuationValue<void> {
  using Type = Nothing;
};
template <typename U>
struct ContinuationValue<Future<U>> {
  using Type = U;
};
template <typename U>
struct ContinuationValue<Try<U>> {
  using Type = U;
};

}  // namespace internal

template <typename T>
class Future {
 public:
  using Value = T;

  // A pending future that no promise will ever complete is useless, so the
  // default constructor makes a failed one.
  Future() : Future(Error("Future was never set")) {}
  Future(T value) : state_(std::make_shared<State>())
  {
    state_->result.emplace(std::move(value));
  }
  Future(Error error) : state_(std::make_shared<State>())
  {
    state_->result.emplace(std::move(error));
  }
  Future(Try<T> result) : state_(std::make_shared<State>())
  {
    state_->result.emplace(std::move(result));
  }

  bool isPending() const { return !snapshot().has_value(); }
  bool isReady() const
  {
    auto r = snapshot();
    return r && r->has_value();
  }
  bool isFailed() const
  {
    auto r = snapshot();
    return r && r->has_error();
  }

  // Blocks until complete. For main() and tests only. Returns a copy, so that
  // awaiting a temporary future is safe.
  Try<T> await() const
  {
    std::unique_lock lock(state_->mutex);
    state_->completed.wait(lock, [&] { return state_->result.has_value(); });
    return *state_->result;
  }

  // Blocks until complete or `timeout`; an Error if the timeout passes first.
  Try<T> await(std::chrono::milliseconds timeout) const
  {
    std::unique_lock lock(state_->mutex);
    if (!state_->completed.wait_for(lock, timeout, [&] { return state_->result.has_value(); })) {
      return Error("Timed out after " + std::to_string(timeout.count()) + "ms waiting for a result");
    }
    return *state_->result;
  }

  // Runs `callback(const Try<T>&)` once, when complete (inline if already complete).
  template <typename F>
  const Future& onAny(F&& callback) const
  {
    std::unique_lock lock(state_->mutex);
    if (state_->result.has_value()) {
      lock.unlock();
      callback(*state_->result);
    } else {
      state_->callbacks.emplace_back(std::forward<F>(callback));
    }
    return *this;
  }

  // As onAny, but the callback is posted to `executor` (a strand, for example).
  template <typename Executor, typename F>
  const Future& onAny(const Executor& executor, F&& callback) const
  {
    return onAny([executor, callback = std::forward<F>(callback)](const Try<T>& result) mutable {
      boost::asio::post(executor, [callback = std::move(callback), result]() mutable {
        callback(result);
      });
    });
  }

  // Chains `f(const T&)`; a failure skips f and propagates. f may return void,
  // a value, a Try<U> or a Future<U>; exceptions from f become failures.
  template <typename F>
  auto then(F&& f) const
  {
    return chain(std::forward<F>(f), [](auto&& run) { run(); });
  }

  // As then(f), with f run on `executor`.
  template <typename Executor, typename F>
  auto then(const Executor& executor, F&& f) const
  {
    return chain(std::forward<F>(f),
                 [executor](auto&& run) { boost::asio::post(executor, std::move(run)); });
  }

 private:
  friend class Promise<T>;

  struct State {
    std::mutex mutex;
    std::condition_variable completed;
    std::optional<Try<T>> result;
    std::vector<std::function<void(const Try<T>&)>> callbacks;
  };

  explicit Future(std::shared_ptr<State> state) : state_(std::move(state)) {}

  std::optional<Try<T>> snapshot() const
  {
    std::lock_guard lock(state_->mutex);
    return state_->result;
  }

  template <typename F, typename Schedule>
  auto chain(F&& f, Schedule schedule) const
  {
    using R = std::invoke_result_t<F, const T&>;
    using U = typename internal::ContinuationValue<R>::Type;
    auto promise = std::make_shared<Promise<U>>();
    Future<U> next = promise->future();
    onAny([promise, f = std::forward<F>(f), schedule](const Try<T>& result) mutable {
      if (!result.has_value()) {
        promise->fail(result.error());
        return;
      }
      schedule([promise, f = std::move(f), value = *result]() mutable {
        try {
          if constexpr (std::is_void_v<R>) {
            f(value);
            promise->set(Nothing{});
          } else if constexpr (internal::IsFuture<R>::value) {
            f(value).onAny([promise](const Try<U>& inner) { promise->complete(inner); });
          } else if constexpr (internal::IsTry<R>::value) {
            promise->complete(f(value));
          } else {
            promise->set(f(value));
          }
        } catch (const std::exception& e) {
          promise->fail(Error(std::string("Continuation threw: ") + e.what()));
        }
      });
    });
    return next;
  }

  std::shared_ptr<State> state_;
};

template <typename T>
class Promise {
 public:
  Promise() : state_(std::make_shared<typename Future<T>::State>()) {}

  Future<T> future() const { return Future<T>(state_); }

  // Completes the future; returns false if it was already complete.
  bool set(T value) { return complete(Try<T>(std::move(value))); }
  bool fail(Error error) { return complete(Try<T>(std::move(error))); }

  bool complete(Try<T> result)
  {
    std::vector<std::function<void(const Try<T>&)>> callbacks;
    {
      std::lock_guard lock(state_->mutex);
      if (state_->result.has_value()) return false;
      state_->result.emplace(std::move(result));
      callbacks.swap(state_->callbacks);
    }
    state_->completed.notify_all();
    // The result is immutable from here on, so reading it unlocked is safe.
    for (auto& callback : callbacks) callback(*state_->result);
    return true;
  }

 private:
  std::shared_ptr<typename Future<T>::State> state_;
};

// Completes when all `futures` are complete: ready with their values in order,
// or failed with the first failure.
template <typename T>
Future<std::vector<T>> collect(const std::vector<Future<T>>& futures)
{
  if (futures.empty()) return std::vector<T>{};
  struct Gather {
    std::mutex mutex;
    std::vector<std::optional<T>> values;
    size_t remaining;
    Promise<std::vector<T>> promise;
  };
  auto gather = std::make_shared<Gather>();
  gather->values.resize(futures.size());
  gather->remaining = futures.size();
  for (size_t i = 0; i < futures.size(); ++i) {
    futures[i].onAny([gather, i](const Try<T>& result) {
      if (!result.has_value()) {
        gather->promise.fail(result.error());
        return;
      }
      std::unique_lock lock(gather->mutex);
      gather->values[i] = *result;
      if (--gather->remaining > 0) return;
      std::vector<T> values;
      for (auto& v : gather->values) values.push_back(std::move(*v));
      lock.unlock();
      gather->promise.set(std::move(values));
    });
  }
  return gather->promise.future();
}

}  // namespace nucleus
