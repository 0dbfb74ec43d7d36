#include "kernel/master/media_types.hpp"

#include <cstdlib>
#include <string>
#include <vector>

namespace nucleus::master {

namespace {

std::string_view trim(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

struct MediaRange {
  std::string type;     // "application" or "*"
  std::string subtype;  // "json" or "*"
  double quality = 1.0;
};

std::vector<MediaRange> parseAccept(const http::Headers& headers)
{
  std::vector<MediaRange> ranges;
  for (std::string_view field : headers.getAll("Accept")) {
    for (std::string_view item : split(field, ',')) {
      std::vector<std::string_view> params = split(item, ';');
      std::string_view range = trim(params[0]);
      if (range.empty()) continue;
      size_t slash = range.find('/');
      if (slash == std::string_view::npos) continue;  // not a media range: ignored
      MediaRange parsed;
      parsed.type = lower(trim(range.substr(0, slash)));
      parsed.subtype = lower(trim(range.substr(slash + 1)));
      for (size_t i = 1; i < params.size(); ++i) {
        std::string_view param = trim(params[i]);
        if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
          std::string value(param.substr(2));
          char* end = nullptr;
          double q = std::strtod(value.c_str(), &end);
          if (end != value.c_str()) parsed.quality = q;
        }
      }
      ranges.push_back(std::move(parsed));
    }
  }
  return ranges;
}

}  // namespace

std::string_view mediaTypeName(ContentType type)
{
  return type == ContentType::Json ? kJsonType : kProtobufType;
}

std::optional<ContentType> parseContentType(std::string_view value)
{
  if (value == kJsonType) return ContentType::Json;
  if (value == kProtobufType) return ContentType::Protobuf;
  return std::nullopt;
}

bool acceptsMediaType(const http::Headers& headers, std::string_view mediaType)
{
  if (!headers.has("Accept")) return true;
  std::vector<MediaRange> ranges = parseAccept(headers);
  if (ranges.empty()) return true;  // an empty Accept field: anything goes

  size_t slash = mediaType.find('/');
  std::string type = lower(mediaType.substr(0, slash));
  std::string subtype = lower(mediaType.substr(slash + 1));

  int bestSpecificity = -1;
  double bestQuality = 0;
  for (const MediaRange& range : ranges) {
    int specificity = -1;
    if (range.type == type && range.subtype == subtype) {
      specificity = 2;
    } else if (range.type == type && range.subtype == "*") {
      specificity = 1;
    } else if (range.type == "*" && range.subtype == "*") {
      specificity = 0;
    }
    if (specificity > bestSpecificity) {
      bestSpecificity = specificity;
      bestQuality = range.quality;
    }
  }
  return bestSpecificity >= 0 && bestQuality > 0;
}

std::optional<ContentType> negotiateAccept(const http::Headers& headers)
{
  if (acceptsMediaType(headers, kJsonType)) return ContentType::Json;
  if (acceptsMediaType(headers, kProtobufType)) return ContentType::Protobuf;
  return std::nullopt;
}

}  // namespace nucleus::master
