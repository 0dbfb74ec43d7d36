#include "kernel/http/connection_pool.hpp"

namespace nucleus::http::internal {

ConnectionPool::ConnectionPool(Runtime& runtime, size_t maxIdlePerEndpoint,
                               std::chrono::milliseconds idleTimeout)
    : Actor(runtime, "http-connection-pool"),
      maxIdlePerEndpoint_(maxIdlePerEndpoint),
      idleTimeout_(idleTimeout)
{
}

std::shared_ptr<Connection> ConnectionPool::acquire(const Endpoint& endpoint)
{
  auto it = idle_.find(endpoint);
  if (it == idle_.end()) return nullptr;
  auto& queue = it->second;
  auto now = std::chrono::steady_clock::now();
  while (!queue.empty()) {
    std::shared_ptr<Connection> connection = std::move(queue.back());
    queue.pop_back();
    if (now - connection->idleSince < idleTimeout_ && connection->reusable()) {
      if (queue.empty()) idle_.erase(it);
      return connection;
    }
    connection->close();
  }
  idle_.erase(it);
  return nullptr;
}

void ConnectionPool::release(std::shared_ptr<Connection> connection)
{
  if (maxIdlePerEndpoint_ == 0) {
    connection->close();
    return;
  }
  connection->idleSince = std::chrono::steady_clock::now();
  auto& queue = idle_[connection->endpoint()];
  queue.push_back(std::move(connection));
  while (queue.size() > maxIdlePerEndpoint_) {
    queue.front()->close();
    queue.pop_front();
  }
  if (!pruneScheduled_) {
    pruneScheduled_ = true;
    delay(idleTimeout_, [this] {
      pruneScheduled_ = false;
      prune();
    });
  }
}

size_t ConnectionPool::idleCount() const
{
  size_t count = 0;
  for (const auto& [endpoint, queue] : idle_) count += queue.size();
  return count;
}

void ConnectionPool::closeAll()
{
  for (auto& [endpoint, queue] : idle_) {
    for (auto& connection : queue) connection->close();
  }
  idle_.clear();
}

void ConnectionPool::prune()
{
  auto now = std::chrono::steady_clock::now();
  for (auto it = idle_.begin(); it != idle_.end();) {
    auto& queue = it->second;
    while (!queue.empty() && now - queue.front()->idleSince >= idleTimeout_) {
      queue.front()->close();
      queue.pop_front();
    }
    it = queue.empty() ? idle_.erase(it) : std::next(it);
  }
  if (!idle_.empty() && !pruneScheduled_) {
    pruneScheduled_ = true;
    delay(idleTimeout_, [this] {
      pruneScheduled_ = false;
      prune();
    });
  }
}

}  // namespace nucleus::http::internal
