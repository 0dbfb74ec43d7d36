#pragma once

// Running one step (prepare, isolate, cleanup...) over the isolators: in order,
// each after the previous one succeeded, with failures naming the isolator.
//
// Thread safety: the helpers may be called from any thread; the futures they
// return complete on whichever thread the last isolator replied from.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernel/agent/containerizer/isolator_handle.hpp"
#include "kernel/runtime/future.hpp"

namespace nucleus::agent {

using Isolators = std::vector<std::shared_ptr<IsolatorHandle>>;

// `future`, with `prefix` put before its failure's message.
template <typename T>
Future<T> withContext(const Future<T>& future, std::string prefix)
{
  auto promise = std::make_shared<Promise<T>>();
  future.onAny([promise, prefix = std::move(prefix)](const Try<T>& result) {
    if (result.has_value()) {
      promise->set(*result);
    } else {
      promise->fail(Error(prefix + result.error().message));
    }
  });
  return promise->future();
}

// Runs `step` on isolators[index], then on the next once it succeeded; stops
// at the first failure.
inline Future<Nothing> inSequence(Isolators isolators,
                                  std::function<Future<Nothing>(IsolatorHandle&)> step,
                                  size_t index = 0)
{
  if (index >= isolators.size()) return Nothing{};
  Future<Nothing> current = step(*isolators[index]);
  return current.then(
      [isolators = std::move(isolators), step = std::move(step), index](const Nothing&) mutable {
        return inSequence(std::move(isolators), std::move(step), index + 1);
      });
}

}  // namespace nucleus::agent
