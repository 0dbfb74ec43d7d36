#pragma once

// Content negotiation for the v1 APIs: which encoding a request body is in
// (Content-Type, matched exactly as Mesos 1.5 does, so a `; charset=utf-8`
// suffix is refused), and which encoding a client accepts for responses.
//
// Thread safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "kernel/http/headers.hpp"

namespace nucleus::master {

enum class ContentType { Json, Protobuf };

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kProtobufType = "application/x-protobuf";

std::string_view mediaTypeName(ContentType type);

// The Content-Type of a body, when it is exactly one of ours.
std::optional<ContentType> parseContentType(std::string_view value);

// Whether the Accept fields of a request (all of them; repeated fields are one
// list) allow `mediaType`. No Accept field allows everything. As libprocess'
// Request::acceptsMediaType: the most specific matching range decides
// ("type/subtype" over "type/*" over "*/*"), and q=0 refuses.
bool acceptsMediaType(const http::Headers& headers, std::string_view mediaType);

// As Mesos' scheduler endpoint: JSON when acceptable, else protobuf when
// acceptable, else nothing (406).
std::optional<ContentType> negotiateAccept(const http::Headers& headers);

}  // namespace nucleus::master
