#pragma once

// JSON -> protobuf message in Mesos 1.5's dialect (stout's protobuf parse), plus what Nucleus
// adds so that more clients get through and errors say what to fix. docs/protocol-json.md has
// the full rules; in short:
// - Keys are proto field names (a lowerCamelCase name, as protobuf's own printer writes, is
//   accepted when no field has the key as its name); unknown keys are ignored; null means unset.
// - Enums are names. A name this build does not know is dropped from an optional or repeated
//   field (proto2 semantics, so a newer client's extra capabilities are not refused) and listed in
//   ParseReport::droppedEnums; in a required field it is an error. A number is an error.
// - Integers are JSON numbers or strings of decimal digits ("-12", as protobuf's printer writes
//   int64); out of range or fractional is an error. Doubles accept numbers and "NaN",
//   "Infinity", "-Infinity". Bytes are base64.
// - As Mesos, a single value for a repeated field counts as a one-element array.
// - A JSON type that does not fit is an error naming the field path ("resources[1].scalar")
//   and what was expected; so are missing required fields, malformed JSON (with its byte offset,
//   line and column) and nesting deeper than kMaxJsonDepth.
//
// Thread safety: pure functions; concurrent calls on different output messages are safe.

#include <google/protobuf/message.h>
#include <nlohmann/json_fwd.hpp>

#include <concepts>
#include <string>
#include <string_view>
#include <vector>

#include "nucleus/module/try.hpp"

namespace nucleus::proto {

// Deepest nesting of JSON objects and arrays accepted; Mesos messages need about 12.
inline constexpr int kMaxJsonDepth = 100;

// An enum name that was dropped because this build does not know it.
struct DroppedEnum {
  std::string path;   // Where it was, e.g. "type" or "capabilities[2].type".
  std::string value;  // The name as the client sent it.
};

// What a successful parse left out, for callers that must refuse some of it (an API answers
// "Unknown call type 'FOO'" when the dropped value was the call's type).
struct ParseReport {
  std::vector<DroppedEnum> droppedEnums;
};

// Parses `json` into `out`, which is cleared first. On error `out` is cleared again and the
// error says which field, what was wrong and what was expected. `report`, when given, is
// cleared and then filled.
Try<Nothing> fromJson(std::string_view json, google::protobuf::Message* out,
                      ParseReport* report = nullptr);

// The same for JSON that is already parsed (a field of a larger document).
Try<Nothing> fromJsonValue(const nlohmann::json& json, google::protobuf::Message* out,
                           ParseReport* report = nullptr);

// fromJsonValue under the name fromJson. A template, so that a std::string or string literal
// (which nlohmann::json would also accept implicitly) always picks the text overload above.
template <std::same_as<nlohmann::json> Json>
Try<Nothing> fromJson(const Json& json, google::protobuf::Message* out,
                      ParseReport* report = nullptr)
{
  return fromJsonValue(json, out, report);
}

}  // namespace nucleus::proto
