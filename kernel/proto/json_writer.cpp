#include "kernel/proto/json_writer.hpp"

#include <google/protobuf/descriptor.pb.h>
#include <nlohmann/json.hpp>

#include "kernel/proto/base64.hpp"
#include "kernel/proto/json_text.hpp"

namespace nucleus::proto {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

void writeMessage(const Message& message, std::string& out);

void appendKey(const FieldDescriptor* field, bool& first, std::string& out)
{
  if (!first) out.push_back(',');
  first = false;
  // Proto field names are identifiers ([A-Za-z0-9_]), so they need no escaping.
  out.push_back('"');
  out.append(field->name());
  out.append("\":", 2);
}

void appendString(const FieldDescriptor* field, const std::string& value, std::string& out)
{
  if (field->type() == FieldDescriptor::TYPE_BYTES) {
    out.push_back('"');
    appendBase64(value, out);
    out.push_back('"');
  } else {
    appendJsonString(value, out);
  }
}

void appendBool(bool value, std::string& out)
{
  if (value) {
    out.append("true", 4);
  } else {
    out.append("false", 5);
  }
}

// The value of a singular field (set, or unset with a default).
void writeSingular(const Message& message, const Reflection* reflection,
                   const FieldDescriptor* field, std::string& out)
{
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      appendBool(reflection->GetBool(message, field), out);
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      appendJsonNumber(std::int64_t{reflection->GetInt32(message, field)}, out);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      appendJsonNumber(std::int64_t{reflection->GetInt64(message, field)}, out);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      appendJsonNumber(std::uint64_t{reflection->GetUInt32(message, field)}, out);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      appendJsonNumber(std::uint64_t{reflection->GetUInt64(message, field)}, out);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      // As Mesos: a float is widened and printed like a double.
      appendJsonNumber(double{reflection->GetFloat(message, field)}, out);
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      appendJsonNumber(reflection->GetDouble(message, field), out);
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      appendJsonString(reflection->GetEnum(message, field)->name(), out);
      break;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      appendString(field, reflection->GetStringReference(message, field, &scratch), out);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      writeMessage(reflection->GetMessage(message, field), out);
      break;
  }
}

void writeElement(const Message& message, const Reflection* reflection,
                  const FieldDescriptor* field, int index, std::string& out)
{
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      appendBool(reflection->GetRepeatedBool(message, field, index), out);
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      appendJsonNumber(std::int64_t{reflection->GetRepeatedInt32(message, field, index)}, out);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      appendJsonNumber(std::int64_t{reflection->GetRepeatedInt64(message, field, index)}, out);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      appendJsonNumber(std::uint64_t{reflection->GetRepeatedUInt32(message, field, index)}, out);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      appendJsonNumber(std::uint64_t{reflection->GetRepeatedUInt64(message, field, index)}, out);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      appendJsonNumber(double{reflection->GetRepeatedFloat(message, field, index)}, out);
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      appendJsonNumber(reflection->GetRepeatedDouble(message, field, index), out);
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      appendJsonString(reflection->GetRepeatedEnum(message, field, index)->name(), out);
      break;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      appendString(field, reflection->GetRepeatedStringReference(message, field, index, &scratch),
                   out);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      writeMessage(reflection->GetRepeatedMessage(message, field, index), out);
      break;
  }
}

void writeMessage(const Message& message, std::string& out)
{
  const Descriptor* descriptor = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();

  out.push_back('{');
  bool first = true;
  // Declaration order, not number order, as Mesos walks descriptor->field(i).
  for (int i = 0, count = descriptor->field_count(); i < count; ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) {
      const int size = reflection->FieldSize(message, field);
      if (size == 0) continue;
      appendKey(field, first, out);
      out.push_back('[');
      for (int index = 0; index < size; ++index) {
        if (index > 0) out.push_back(',');
        writeElement(message, reflection, field, index, out);
      }
      out.push_back(']');
      continue;
    }
    // As Mesos 1.5: an unset field with an explicit default is written with that default, unless
    // the field is deprecated (so FrameworkInfo.role's "*" stays out of the output).
    if (!reflection->HasField(message, field) &&
        !(field->has_default_value() && !field->options().deprecated())) {
      continue;
    }
    appendKey(field, first, out);
    writeSingular(message, reflection, field, out);
  }
  out.push_back('}');
}

}  // namespace

void appendJson(const Message& message, std::string& out)
{
  writeMessage(message, out);
}

std::string toJson(const Message& message)
{
  std::string out;
  out.reserve(256);
  writeMessage(message, out);
  return out;
}

nlohmann::json toJsonValue(const Message& message)
{
  // The writer's output is valid JSON by construction (see appendJsonString), so parsing it back
  // cannot fail; going through text keeps one definition of the dialect.
  return nlohmann::json::parse(toJson(message));
}

}  // namespace nucleus::proto
