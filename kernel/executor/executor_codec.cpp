#include "kernel/executor/executor_codec.hpp"

#include "kernel/proto/binary.hpp"
#include "kernel/proto/json_parser.hpp"
#include "kernel/proto/json_writer.hpp"

namespace nucleus::executor {

std::string_view mediaType(ContentType type)
{
  return type == ContentType::Json ? "application/json" : "application/x-protobuf";
}

Try<ContentType> parseContentType(std::string_view text)
{
  if (text == "protobuf" || text == "application/x-protobuf") return ContentType::Protobuf;
  if (text == "json" || text == "application/json") return ContentType::Json;
  return Error("Unknown content type '" + std::string(text) + "'; use 'protobuf' or 'json'");
}

std::string encodeCall(const mesos::v1::executor::Call& call, ContentType type)
{
  if (type == ContentType::Json) return proto::toJson(call);
  return call.SerializeAsString();
}

Try<mesos::v1::executor::Event> decodeEvent(std::string_view record, ContentType type)
{
  mesos::v1::executor::Event event;
  Try<Nothing> parsed = type == ContentType::Json ? proto::fromJson(record, &event, nullptr)
                                                  : proto::fromBinary(record, &event);
  if (!parsed) return Error("Failed to decode an event: " + parsed.error().message);
  return event;
}

}  // namespace nucleus::executor
