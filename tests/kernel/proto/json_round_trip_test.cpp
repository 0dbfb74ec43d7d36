#include <doctest/doctest.h>

#include <google/protobuf/util/message_differencer.h>

#include <memory>
#include <string>

#include "kernel/proto/binary.hpp"
#include "kernel/proto/json_parser.hpp"
#include "kernel/proto/json_writer.hpp"
#include "mesos/v1/mesos.pb.h"

using namespace nucleus::proto;
using google::protobuf::Message;

namespace {

std::unique_ptr<Message> newMessage(const std::string& type)
{
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
  REQUIRE(descriptor != nullptr);
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor)->New());
}

}  // namespace

// Each document is what Nucleus writes for the message it describes, so parsing it and writing
// it again must give the same text, and the binary encoding must survive too.
TEST_CASE("Mesos base types round-trip through JSON and binary")
{
  struct Case {
    const char* type;
    const char* json;
  };
  const Case cases[] = {
      {"mesos.v1.Resource", R"({"name":"cpus","type":"SCALAR","scalar":{"value":1.5},)"
                            R"("reservations":[{"type":"DYNAMIC","role":"web","principal":"ops",)"
                            R"("labels":{"labels":[{"key":"team","value":"a\/b"}]}}]})"},
      {"mesos.v1.Resource",
       R"({"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000},)"
       R"({"begin":0,"end":18446744073709551615}]},"allocation_info":{"role":"web"},)"
       R"("reservations":[{"type":"STATIC","role":"web"},{"type":"DYNAMIC","role":"web\/a"}]})"},
      {"mesos.v1.Resource", R"({"name":"disks","type":"SET","set":{"item":["sda","sdb"]},)"
                            R"("disk":{"persistence":{"id":"v1","principal":"p"},)"
                            R"("volume":{"mode":"RW","container_path":"data"}},"shared":{}})"},
      {"mesos.v1.FrameworkInfo",
       R"({"user":"root","name":"marathon","id":{"value":"f-1"},"failover_timeout":604800.0,)"
       R"("checkpoint":true,"roles":["web","batch"],"capabilities":[{"type":"MULTI_ROLE"},)"
       R"({"type":"PARTITION_AWARE"},{"type":"REGION_AWARE"}],)"
       R"("labels":{"labels":[{"key":"k"}]}})"},
      {"mesos.v1.TaskStatus",
       R"({"task_id":{"value":"t"},"state":"TASK_FAILED","message":"exit 1",)"
       R"("source":"SOURCE_AGENT","reason":"REASON_CONTAINER_LIMITATION_MEMORY",)"
       R"("data":"AP8Q","agent_id":{"value":"S1"},"timestamp":1500000000.5,)"
       R"("uuid":"3q2+7w==","healthy":false})"},
      {"mesos.v1.TimeInfo", R"({"nanoseconds":1500000000000000000})"},
      {"mesos.v1.TimeInfo", R"({"nanoseconds":-9223372036854775808})"},
      {"mesos.v1.Environment",
       R"({"variables":[{"name":"A","type":"VALUE","value":"1"},)"
       R"({"name":"B","type":"SECRET","secret":{"type":"VALUE","value":{"data":""}}}]})"},
  };
  for (const Case& c : cases) {
    const std::string json = c.json;
    CAPTURE(json);
    auto message = newMessage(c.type);
    const auto parsed = fromJson(c.json, message.get());
    REQUIRE_MESSAGE(parsed.has_value(), parsed.message());
    CHECK(toJson(*message) == c.json);

    auto copy = newMessage(c.type);
    REQUIRE(fromBinary(message->SerializeAsString(), copy.get()).has_value());
    CHECK(google::protobuf::util::MessageDifferencer::Equals(*message, *copy));
  }
}

TEST_CASE("a message built in code survives JSON, with explicit defaults read back as set")
{
  mesos::v1::FrameworkInfo framework;
  framework.set_user("u");
  framework.set_name("n");
  framework.add_capabilities()->set_type(mesos::v1::FrameworkInfo::Capability::GPU_RESOURCES);

  mesos::v1::FrameworkInfo parsed;
  REQUIRE(fromJson(toJson(framework), &parsed).has_value());
  CHECK(google::protobuf::util::MessageDifferencer::Equivalent(framework, parsed));
  CHECK(parsed.has_checkpoint());  // Written by the writer as Mesos does, so now set.
  CHECK(toJson(parsed).find("\"role\"") == std::string::npos);  // Deprecated default.
  CHECK(parsed.capabilities(0).type() == mesos::v1::FrameworkInfo::Capability::GPU_RESOURCES);
}

namespace {

// Sets every field of `message` (only required ones below `depth` 0) with values that stress the
// encoders: extremes of each integer type, binary bytes, escapes and non-ASCII text.
void fill(Message* message, int depth)
{
  using google::protobuf::FieldDescriptor;
  const auto* descriptor = message->GetDescriptor();
  const auto* reflection = message->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (depth <= 0 && !field->is_required()) continue;
    const int count = field->is_repeated() ? 2 : 1;
    for (int n = 0; n < count; ++n) {
      const bool add = field->is_repeated();
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          add ? reflection->AddInt32(message, field, n ? INT32_MIN : INT32_MAX)
              : reflection->SetInt32(message, field, INT32_MIN);
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          add ? reflection->AddInt64(message, field, n ? INT64_MIN : INT64_MAX)
              : reflection->SetInt64(message, field, INT64_MAX);
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          add ? reflection->AddUInt32(message, field, n ? 0 : UINT32_MAX)
              : reflection->SetUInt32(message, field, UINT32_MAX);
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          add ? reflection->AddUInt64(message, field, n ? 0 : UINT64_MAX)
              : reflection->SetUInt64(message, field, UINT64_MAX);
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          add ? reflection->AddDouble(message, field, n ? -0.25 : 1e-3)
              : reflection->SetDouble(message, field, 123456.5);
          break;
        case FieldDescriptor::CPPTYPE_FLOAT:
          add ? reflection->AddFloat(message, field, 0.5f)
              : reflection->SetFloat(message, field, 2);
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          add ? reflection->AddBool(message, field, n == 0)
              : reflection->SetBool(message, field, 0);
          break;
        case FieldDescriptor::CPPTYPE_ENUM: {
          const auto* type = field->enum_type();
          const auto* value = type->value((n + 1) % type->value_count());
          add ? reflection->AddEnum(message, field, value)
              : reflection->SetEnum(message, field, value);
          break;
        }
        case FieldDescriptor::CPPTYPE_STRING: {
          const std::string value = field->type() == FieldDescriptor::TYPE_BYTES
                                        ? std::string("\0\xff\x80 bytes", 9)
                                        : std::string("q\"b\\s/ n\n caf\xc3\xa9 \x01");
          add ? reflection->AddString(message, field, value)
              : reflection->SetString(message, field, value);
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE:
          fill(add ? reflection->AddMessage(message, field)
                   : reflection->MutableMessage(message, field),
               depth - 1);
          break;
      }
    }
  }
}

}  // namespace

TEST_CASE("every mesos.v1 message type survives JSON with every field set")
{
  const auto* file = mesos::v1::FrameworkInfo::descriptor()->file();
  std::vector<const google::protobuf::Descriptor*> types;
  for (int i = 0; i < file->message_type_count(); ++i) types.push_back(file->message_type(i));
  for (std::size_t i = 0; i < types.size(); ++i) {
    for (int j = 0; j < types[i]->nested_type_count(); ++j) {
      types.push_back(types[i]->nested_type(j));
    }
  }
  CHECK(types.size() > 150);

  for (const auto* type : types) {
    CAPTURE(type->full_name());
    auto message = newMessage(type->full_name());
    fill(message.get(), 3);
    REQUIRE(message->IsInitialized());

    const std::string json = toJson(*message);
    auto parsed = newMessage(type->full_name());
    const auto result = fromJson(json, parsed.get());
    REQUIRE_MESSAGE(result.has_value(), result.message());
    // Equivalent, not Equals: below the filled depth, unset fields with defaults are written with
    // their defaults and so come back set.
    CHECK(google::protobuf::util::MessageDifferencer::Equivalent(*message, *parsed));
    CHECK(toJson(*parsed) == json);
  }
}
