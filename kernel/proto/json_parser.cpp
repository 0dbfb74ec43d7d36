#include "kernel/proto/json_parser.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>

#include "kernel/proto/base64.hpp"
#include "kernel/proto/json_numbers.hpp"

namespace nucleus::proto {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using nlohmann::json;

const char* describeType(const json& value)
{
  switch (value.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    case json::value_t::binary:
      return "binary data";
    case json::value_t::null:
    case json::value_t::discarded:
      break;
  }
  return "null";
}

// The value as a client would recognise it in an error message, cut short if long.
std::string excerpt(const json& value)
{
  constexpr std::size_t kMax = 64;
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > kMax) {
    text.resize(kMax);
    text += "...";
  }
  return text;
}

std::string expectation(const FieldDescriptor* field)
{
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return fmt::format("a JSON object ({})", field->message_type()->full_name());
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* type = field->enum_type();
      return fmt::format("a string naming a {} value, such as \"{}\"", type->full_name(),
                         type->value(type->value_count() > 1 ? 1 : 0)->name());
    }
    case FieldDescriptor::CPPTYPE_STRING:
      return field->type() == FieldDescriptor::TYPE_BYTES ? "a base64 string" : "a string";
    case FieldDescriptor::CPPTYPE_BOOL:
      return "true or false";
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return "a number";
    default:
      return fmt::format("an integer ({}) as a number or a string of digits", field->type_name());
  }
}

// Walks a parsed JSON document into a message, keeping the path of fields it is in so that
// errors and dropped enums can say where they were.
class Walker {
 public:
  explicit Walker(ParseReport* report) : report_(report) {}

  Try<Nothing> message(const json& object, Message* message, int depth)
  {
    if (depth > kMaxJsonDepth) return tooDeep();
    const Descriptor* descriptor = message->GetDescriptor();
    for (const auto& [key, value] : object.get_ref<const json::object_t&>()) {
      if (value.is_null()) continue;  // As Mesos: null means unset.
      const FieldDescriptor* field = descriptor->FindFieldByName(key);
      if (field == nullptr) field = descriptor->FindFieldByCamelcaseName(key);
      if (field == nullptr) continue;  // As Mesos: unknown keys are ignored.

      steps_.push_back({field, -1});
      Try<Nothing> result = this->field(value, message, field, depth);
      if (!result) return result;
      steps_.pop_back();
    }
    return Nothing{};
  }

 private:
  struct Step {
    const FieldDescriptor* field;
    int index;  // Element of a repeated field, or -1.
  };

  Try<Nothing> field(const json& value, Message* message, const FieldDescriptor* field, int depth)
  {
    if (!value.is_array()) {
      // As Mesos: a single value for a repeated field is taken as a one-element array.
      return element(value, message, field, depth);
    }
    if (!field->is_repeated()) return mismatch(field, value);
    if (depth + 1 > kMaxJsonDepth) return tooDeep();
    const auto& array = value.get_ref<const json::array_t&>();
    for (std::size_t i = 0; i < array.size(); ++i) {
      if (array[i].is_null()) continue;
      steps_.back().index = static_cast<int>(i);
      if (array[i].is_array()) return mismatch(field, array[i]);
      Try<Nothing> result = element(array[i], message, field, depth + 1);
      if (!result) return result;
    }
    return Nothing{};
  }

  // One value: a singular field's, or one element of a repeated field.
  Try<Nothing> element(const json& value, Message* message, const FieldDescriptor* field, int depth)
  {
    const Reflection* reflection = message->GetReflection();
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        if (!value.is_object()) return mismatch(field, value);
        Message* child = repeated ? reflection->AddMessage(message, field)
                                  : reflection->MutableMessage(message, field);
        return this->message(value, child, depth + 1);
      }
      case FieldDescriptor::CPPTYPE_ENUM:
        return enumValue(value, message, field);
      case FieldDescriptor::CPPTYPE_STRING: {
        if (!value.is_string()) return mismatch(field, value);
        const auto& text = value.get_ref<const std::string&>();
        if (field->type() != FieldDescriptor::TYPE_BYTES) {
          repeated ? reflection->AddString(message, field, text)
                   : reflection->SetString(message, field, text);
          return Nothing{};
        }
        Try<std::string> bytes = decodeBase64(text);
        if (!bytes) return fail(bytes.error().message + "; bytes fields are base64 (RFC 4648)");
        repeated ? reflection->AddString(message, field, std::move(*bytes))
                 : reflection->SetString(message, field, std::move(*bytes));
        return Nothing{};
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        if (!value.is_boolean()) return mismatch(field, value);
        repeated ? reflection->AddBool(message, field, value.get<bool>())
                 : reflection->SetBool(message, field, value.get<bool>());
        return Nothing{};
      }
      case FieldDescriptor::CPPTYPE_INT32:
        return integer<std::int32_t>(value, message, field);
      case FieldDescriptor::CPPTYPE_INT64:
        return integer<std::int64_t>(value, message, field);
      case FieldDescriptor::CPPTYPE_UINT32:
        return integer<std::uint32_t>(value, message, field);
      case FieldDescriptor::CPPTYPE_UINT64:
        return integer<std::uint64_t>(value, message, field);
      case FieldDescriptor::CPPTYPE_FLOAT:
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return floating(value, message, field);
    }
    return mismatch(field, value);
  }

  Try<Nothing> enumValue(const json& value, Message* message, const FieldDescriptor* field)
  {
    const auto* type = field->enum_type();
    if (value.is_number()) {
      // Mesos reads enums by name only; say which name the number stands for, if any.
      const EnumValueDescriptor* named =
          value.is_number_integer() && value.get<std::int64_t>() >= INT32_MIN &&
                  value.get<std::int64_t>() <= INT32_MAX
              ? type->FindValueByNumber(static_cast<int>(value.get<std::int64_t>()))
              : nullptr;
      return fail(fmt::format(
          "enum values are written by name, not number: got {}{}; expected {}", excerpt(value),
          named ? fmt::format(" (write \"{}\")", named->name()) : "", expectation(field)));
    }
    if (!value.is_string()) return mismatch(field, value);

    const auto& name = value.get_ref<const std::string&>();
    const EnumValueDescriptor* found = type->FindValueByName(name);
    if (found == nullptr) {
      if (field->is_required()) {
        return fail(fmt::format("unknown {} value {}", type->full_name(), excerpt(value)));
      }
      // As Mesos (proto2): an unknown name in an optional or repeated field is dropped, so that
      // a newer client's additions do not make the whole message unreadable.
      if (report_ != nullptr) report_->droppedEnums.push_back({path(), name});
      return Nothing{};
    }
    const Reflection* reflection = message->GetReflection();
    field->is_repeated() ? reflection->AddEnum(message, field, found)
                         : reflection->SetEnum(message, field, found);
    return Nothing{};
  }

  template <typename Integer>
  Try<Nothing> integer(const json& value, Message* message, const FieldDescriptor* field)
  {
    if (!value.is_number() && !value.is_string()) return mismatch(field, value);
    Try<Integer> number = jsonToInteger<Integer>(value);
    if (!number) {
      return fail(fmt::format("{}; expected {}", number.error().message, expectation(field)));
    }
    const Reflection* reflection = message->GetReflection();
    const bool repeated = field->is_repeated();
    if constexpr (std::is_same_v<Integer, std::int32_t>) {
      repeated ? reflection->AddInt32(message, field, *number)
               : reflection->SetInt32(message, field, *number);
    } else if constexpr (std::is_same_v<Integer, std::int64_t>) {
      repeated ? reflection->AddInt64(message, field, *number)
               : reflection->SetInt64(message, field, *number);
    } else if constexpr (std::is_same_v<Integer, std::uint32_t>) {
      repeated ? reflection->AddUInt32(message, field, *number)
               : reflection->SetUInt32(message, field, *number);
    } else {
      repeated ? reflection->AddUInt64(message, field, *number)
               : reflection->SetUInt64(message, field, *number);
    }
    return Nothing{};
  }

  Try<Nothing> floating(const json& value, Message* message, const FieldDescriptor* field)
  {
    if (!value.is_number() && !value.is_string()) return mismatch(field, value);
    Try<double> number = jsonToDouble(value);
    if (!number) {
      return fail(fmt::format("{}; expected {}", number.error().message, expectation(field)));
    }
    const Reflection* reflection = message->GetReflection();
    const bool repeated = field->is_repeated();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
      repeated ? reflection->AddDouble(message, field, *number)
               : reflection->SetDouble(message, field, *number);
      return Nothing{};
    }
    if (std::isfinite(*number) && std::fabs(*number) > std::numeric_limits<float>::max()) {
      return fail(fmt::format("{} is out of range for float", excerpt(value)));
    }
    const auto single = static_cast<float>(*number);
    repeated ? reflection->AddFloat(message, field, single)
             : reflection->SetFloat(message, field, single);
    return Nothing{};
  }

  std::string path() const
  {
    std::string text;
    for (const Step& step : steps_) {
      if (!text.empty()) text.push_back('.');
      text += step.field->name();
      if (step.index >= 0) fmt::format_to(std::back_inserter(text), "[{}]", step.index);
    }
    return text;
  }

  Error fail(const std::string& what) const
  {
    return Error(fmt::format("field '{}': {}", path(), what));
  }

  Error mismatch(const FieldDescriptor* field, const json& value) const
  {
    if (value.is_array()) {
      return fail(fmt::format("expected {}, got an array{}", expectation(field),
                              field->is_repeated() ? " inside the array" : ""));
    }
    return fail(fmt::format("expected {}, got {} {}", expectation(field), describeType(value),
                            excerpt(value)));
  }

  Error tooDeep() const
  {
    return Error(
        fmt::format("JSON is nested deeper than {} levels at '{}'", kMaxJsonDepth, path()));
  }

  std::vector<Step> steps_;
  ParseReport* report_;
};

// Nesting depth is checked on the text before nlohmann builds a document, so a hostile body of
// a million '[' costs one linear scan, not a million-level document. Returns the offset of the
// first bracket past the limit.
std::optional<std::size_t> findTooDeep(std::string_view text)
{
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

std::string describeParseError(std::string_view text, const json::parse_error& error)
{
  // nlohmann's byte is 1-based (the last character read); report it 0-based with line and column
  // counted from 1, as editors show them.
  const std::size_t offset = std::min(error.byte > 0 ? error.byte - 1 : 0, text.size());
  const std::size_t line = 1 + std::count(text.begin(), text.begin() + offset, '\n');
  const std::size_t lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t column =
      offset - (lineStart == std::string_view::npos || offset == 0 ? 0 : lineStart + 1) + 1;

  // Keep nlohmann's explanation, without its "[json.exception...] parse error at ...:" prefix.
  std::string_view detail = error.what();
  if (const auto at = detail.find("column "); at != std::string_view::npos) {
    if (const auto colon = detail.find(": ", at); colon != std::string_view::npos) {
      detail.remove_prefix(colon + 2);
    }
  }
  return fmt::format("malformed JSON at byte {} (line {}, column {}): {}", offset, line, column,
                     detail);
}

Try<Nothing> walk(const json& document, Message* out, ParseReport* report)
{
  if (!document.is_object()) {
    return Error(fmt::format("expected a JSON object, got {}", describeType(document)));
  }
  Walker walker(report);
  Try<Nothing> walked = walker.message(document, out, 1);
  if (!walked) return walked;

  if (!out->IsInitialized()) {
    std::vector<std::string> missing;
    out->FindInitializationErrors(&missing);
    return Error(fmt::format("missing required field{} {}", missing.size() == 1 ? "" : "s",
                             fmt::join(missing, ", ")));
  }
  return Nothing{};
}

Try<Nothing> finish(Try<Nothing> result, Message* out, ParseReport* report)
{
  if (result) return result;
  out->Clear();
  if (report != nullptr) report->droppedEnums.clear();
  return Error(fmt::format("Failed to parse {} from JSON: {}", out->GetDescriptor()->full_name(),
                           result.error().message));
}

}  // namespace

Try<Nothing> fromJsonValue(const json& document, Message* out, ParseReport* report)
{
  if (out == nullptr) return Error("Failed to parse JSON: no message to parse into");
  out->Clear();
  if (report != nullptr) report->droppedEnums.clear();
  try {
    return finish(walk(document, out, report), out, report);
  } catch (const std::exception& e) {
    return finish(Error(e.what()), out, report);
  }
}

Try<Nothing> fromJson(std::string_view text, Message* out, ParseReport* report)
{
  if (out == nullptr) return Error("Failed to parse JSON: no message to parse into");
  out->Clear();
  if (report != nullptr) report->droppedEnums.clear();
  try {
    if (const auto at = findTooDeep(text)) {
      return finish(
          Error(fmt::format("JSON is nested deeper than {} levels at byte {}", kMaxJsonDepth, *at)),
          out, report);
    }
    json document;
    try {
      document = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      return finish(Error(describeParseError(text, e)), out, report);
    }
    return finish(walk(document, out, report), out, report);
  } catch (const std::exception& e) {
    return finish(Error(e.what()), out, report);
  }
}

}  // namespace nucleus::proto
