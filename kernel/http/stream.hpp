#pragma once

// Stream: the pipe between a producer (an actor publishing events) and the
// server session sending them as a chunked HTTP response body.
//
// The producer calls write() for each record; each write becomes its own HTTP
// chunk, sent in order and flushed promptly (Mesos clients parse one RecordIO
// record per chunk). write() never blocks: chunks queue here until the socket
// takes them. The queue is bounded: a client that reads so slowly that more
// than `maxBufferedBytes` pile up is cut off (write() returns false, the
// stream ends), so a stuck subscriber cannot grow the master without bound.
//
// The stream ends once, for whichever reason comes first: the producer's
// close() (queued chunks are still sent, then the terminating chunk), the
// client disconnecting, the server stopping, or the queue overflowing. From
// then on write() returns false, and every onClosed() callback runs once.
//
// Thread safety: every member may be called from any thread. Callbacks run
// on the thread that ended the stream (often an io thread) with no lock held:
// keep them short and post to your actor (Actor::defer) to touch its state.

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace nucleus::http {

class Stream {
 public:
  static constexpr size_t kDefaultMaxBufferedBytes = 64 * 1024 * 1024;

  explicit Stream(size_t maxBufferedBytes = kDefaultMaxBufferedBytes)
      : maxBufferedBytes_(maxBufferedBytes)
  {
  }
  static std::shared_ptr<Stream> create(size_t maxBufferedBytes = kDefaultMaxBufferedBytes)
  {
    return std::make_shared<Stream>(maxBufferedBytes);
  }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // --- Producer side ---

  // Queues `chunk` as one HTTP chunk. Returns false once the stream has ended
  // (the chunk is dropped). An empty chunk is ignored (an empty HTTP chunk
  // would end the body) and returns whether the stream is still open.
  bool write(std::string chunk);

  // Ends the stream after the queued chunks: the client gets the terminating chunk.
  void close();

  // Runs `callback` once when the stream ends (at once if it already has).
  void onClosed(std::function<void()> callback);

  bool isClosed() const;
  // Why the stream ended ("" while open; "closed by the producer", "the client went
  // away", ...).
  std::string closeReason() const;
  size_t bufferedBytes() const;

  // --- Consumer side (the server session) ---

  struct Batch {
    std::vector<std::string> chunks;  // in write() order
    bool ended = false;               // no chunk follows these: send the terminator
    bool aborted = false;             // cut off: close the connection without a terminator
  };

  // Registers the consumer's wake-up, called (from any thread) whenever take()
  // has something new after returning nothing. Called once, at once, if data or
  // the end is already pending.
  void attach(std::function<void()> wake);

  // Takes every queued chunk.
  Batch take();

  // Ends the stream from the consumer side but still sends what is queued and
  // the terminating chunk (the server is stopping).
  void finish(std::string reason);

  // The consumer is gone (client disconnected, server stopped the connection):
  // drops queued chunks and ends the stream with `reason`.
  void abort(std::string reason);

 private:
  // Marks the stream ended; returns the callbacks to run outside the lock.
  std::vector<std::function<void()>> endLocked(std::string reason);
  std::function<void()> wakeLocked();

  const size_t maxBufferedBytes_;
  mutable std::mutex mutex_;  // guards the fields below (a pipe, not actor state)
  std::vector<std::string> queue_;
  size_t buffered_ = 0;
  bool ended_ = false;
  bool aborted_ = false;
  std::string reason_;
  std::function<void()> wake_;
  bool wakePending_ = false;
  std::vector<std::function<void()>> onClosed_;
};

}  // namespace nucleus::http
