#include "kernel/master/event_stream.hpp"

#include "kernel/http/recordio.hpp"
#include "kernel/proto/json_writer.hpp"

namespace nucleus::master {

EventStream::EventStream(ContentType type, std::string streamId)
    : type_(type), streamId_(std::move(streamId)), stream_(http::Stream::create())
{
}

bool EventStream::send(const google::protobuf::Message& event) const
{
  std::string record =
      type_ == ContentType::Json ? proto::toJson(event) : event.SerializeAsString();
  return stream_->write(http::recordio::encode(record));
}

http::Response EventStream::response() const
{
  http::Response response = http::Response::streaming(stream_, mediaTypeName(type_));
  response.headers.set("Mesos-Stream-Id", streamId_);
  return response;
}

}  // namespace nucleus::master
