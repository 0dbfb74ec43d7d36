#include "kernel/http/query.hpp"

namespace nucleus::http {

namespace {

int hexValue(char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unreserved(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

Try<std::string> percentDecode(std::string_view text, bool plusIsSpace)
{
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plusIsSpace) {
      out += ' ';
    } else if (c == '%') {
      int hi = i + 1 < text.size() ? hexValue(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return Error("invalid percent-encoding at offset " + std::to_string(i) +
                     " (expected '%' and two hex digits)");
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string percentEncode(std::string_view text)
{
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (unreserved(c)) {
      out += c;
    } else {
      auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

Try<Target> parseTarget(std::string_view target)
{
  std::string_view rest = target;
  // Absolute form: drop "scheme://authority" (RFC 7230 5.3.2).
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos && rest.front() != '/') {
    rest.remove_prefix(scheme + 3);
    size_t slash = rest.find_first_of("/?#");
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);

  Target result;
  std::string_view rawPath = rest;
  if (auto question = rest.find('?'); question != std::string_view::npos) {
    rawPath = rest.substr(0, question);
    result.query = std::string(rest.substr(question + 1));
  }
  if (rawPath.empty()) rawPath = "/";
  if (rawPath.front() != '/') {
    return Error("Malformed request target '" + std::string(target) +
                 "': the path must start with '/'");
  }
  Try<std::string> path = percentDecode(rawPath);
  if (!path) {
    return Error("Malformed request target '" + std::string(target) + "': " + path.message());
  }
  result.path = std::move(*path);
  return result;
}

std::optional<std::string> QueryParams::get(std::string_view name) const
{
  for (const auto& [n, v] : params_) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> QueryParams::getAll(std::string_view name) const
{
  std::vector<std::string> values;
  for (const auto& [n, v] : params_) {
    if (n == name) values.push_back(v);
  }
  return values;
}

Try<QueryParams> parseQuery(std::string_view query)
{
  QueryParams params;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;

    size_t equals = pair.find('=');
    std::string_view rawName = pair.substr(0, equals);
    std::string_view rawValue =
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    Try<std::string> name = percentDecode(rawName, true);
    Try<std::string> value = name ? percentDecode(rawValue, true) : Try<std::string>(name.error());
    if (!value) {
      return Error("Malformed query string '" + std::string(query) + "': " + value.message());
    }
    params.params_.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

}  // namespace nucleus::http
