#include "kernel/http/stream.hpp"

#include <utility>

namespace nucleus::http {

std::function<void()> Stream::wakeLocked()
{
  if (!wake_ || wakePending_) return {};
  wakePending_ = true;
  return wake_;
}

std::vector<std::function<void()>> Stream::endLocked(std::string reason)
{
  if (ended_) return {};
  ended_ = true;
  reason_ = std::move(reason);
  std::vector<std::function<void()>> callbacks;
  callbacks.swap(onClosed_);
  return callbacks;
}

bool Stream::write(std::string chunk)
{
  std::function<void()> wake;
  std::vector<std::function<void()>> closed;
  {
    std::lock_guard lock(mutex_);
    if (ended_) return false;
    if (chunk.empty()) return true;
    if (buffered_ > 0 && buffered_ + chunk.size() > maxBufferedBytes_) {
      closed = endLocked("the client is reading too slowly: " + std::to_string(buffered_) +
                         " bytes are queued and the limit is " + std::to_string(maxBufferedBytes_));
      queue_.clear();
      buffered_ = 0;
      aborted_ = true;  // an overflowing client gets no terminator: it is cut off
      wake = wakeLocked();
    } else {
      buffered_ += chunk.size();
      queue_.push_back(std::move(chunk));
      wake = wakeLocked();
    }
  }
  if (wake) wake();
  for (auto& callback : closed) callback();
  return closed.empty();
}

void Stream::close()
{
  finish("closed by the producer");
}

void Stream::finish(std::string reason)
{
  std::function<void()> wake;
  std::vector<std::function<void()>> closed;
  {
    std::lock_guard lock(mutex_);
    closed = endLocked(std::move(reason));
    wake = wakeLocked();
  }
  if (wake) wake();
  for (auto& callback : closed) callback();
}

void Stream::abort(std::string reason)
{
  std::vector<std::function<void()>> closed;
  {
    std::lock_guard lock(mutex_);
    closed = endLocked(std::move(reason));
    queue_.clear();
    buffered_ = 0;
    aborted_ = true;
  }
  for (auto& callback : closed) callback();
}

void Stream::onClosed(std::function<void()> callback)
{
  {
    std::lock_guard lock(mutex_);
    if (!ended_) {
      onClosed_.push_back(std::move(callback));
      return;
    }
  }
  callback();
}

bool Stream::isClosed() const
{
  std::lock_guard lock(mutex_);
  return ended_;
}

std::string Stream::closeReason() const
{
  std::lock_guard lock(mutex_);
  return reason_;
}

size_t Stream::bufferedBytes() const
{
  std::lock_guard lock(mutex_);
  return buffered_;
}

void Stream::attach(std::function<void()> wake)
{
  std::function<void()> now;
  {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
    wakePending_ = false;
    if (!queue_.empty() || ended_) now = wakeLocked();
  }
  if (now) now();
}

Stream::Batch Stream::take()
{
  std::lock_guard lock(mutex_);
  Batch batch;
  batch.chunks.swap(queue_);
  buffered_ = 0;
  batch.ended = ended_;
  batch.aborted = aborted_;
  wakePending_ = false;
  return batch;
}

}  // namespace nucleus::http
