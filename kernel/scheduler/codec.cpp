#include "kernel/scheduler/codec.hpp"

#include "kernel/proto/binary.hpp"
#include "kernel/proto/json_parser.hpp"
#include "kernel/proto/json_writer.hpp"

namespace nucleus::scheduler {

std::string_view mediaType(Encoding encoding)
{
  return encoding == Encoding::Json ? "application/json" : "application/x-protobuf";
}

Try<Encoding> parseEncoding(std::string_view name)
{
  if (name == "json" || name == "application/json") return Encoding::Json;
  if (name == "protobuf" || name == "application/x-protobuf") return Encoding::Protobuf;
  return Error("unknown content type '" + std::string(name) + "'; use 'json' or 'protobuf'");
}

std::string encode(const google::protobuf::Message& message, Encoding encoding)
{
  if (encoding == Encoding::Json) return proto::toJson(message);
  return message.SerializeAsString();
}

Try<mesos::v1::scheduler::Event> decodeEvent(std::string_view record, Encoding encoding)
{
  mesos::v1::scheduler::Event event;
  Try<Nothing> parsed = encoding == Encoding::Json ? proto::fromJson(record, &event)
                                                   : proto::fromBinary(record, &event);
  if (!parsed) return Error("Failed to decode a scheduler event: " + parsed.error().message);
  return event;
}

}  // namespace nucleus::scheduler
