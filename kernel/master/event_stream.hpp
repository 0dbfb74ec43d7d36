#pragma once

// EventStream: the open response stream of a subscribed framework or a
// registered agent, through which the master sends events. Each event is one
// RecordIO record in one HTTP chunk, encoded as the subscriber negotiated (JSON
// compact, or protobuf); agent streams are always protobuf.
//
// Thread safety: the master actor owns EventStreams; send() and close() may be
// called from any thread (the underlying http::Stream is thread-safe).

#include <functional>
#include <memory>
#include <string>

#include <google/protobuf/message.h>

#include "kernel/http/response.hpp"
#include "kernel/http/stream.hpp"
#include "kernel/master/media_types.hpp"

namespace nucleus::master {

class EventStream {
 public:
  EventStream(ContentType type, std::string streamId);

  const std::string& streamId() const { return streamId_; }
  ContentType contentType() const { return type_; }

  // Writes one record; false once the stream has ended.
  bool send(const google::protobuf::Message& event) const;
  void close() const { stream_->close(); }
  bool isClosed() const { return stream_->isClosed(); }
  // Runs once when the stream ends, from any thread: post to the actor.
  void onClosed(std::function<void()> callback) const { stream_->onClosed(std::move(callback)); }

  // The 200 streaming response (Content-Type and Mesos-Stream-Id set).
  http::Response response() const;

 private:
  ContentType type_;
  std::string streamId_;
  std::shared_ptr<http::Stream> stream_;
};

}  // namespace nucleus::master
