#include "kernel/agent/attributes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace nucleus::agent {

namespace {

std::vector<std::string> tokenize(std::string_view text, std::string_view delimiters)
{
  std::vector<std::string> tokens;
  std::string current;
  for (char c : text) {
    if (delimiters.find(c) != std::string_view::npos) {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

bool bracketsMatch(const std::string& text, char open, char close)
{
  int depth = 0;
  for (char c : text) {
    if (c == open) ++depth;
    if (c == close && --depth < 0) return false;
  }
  return depth == 0;
}

Try<uint64_t> parseUnsigned(const std::string& text)
{
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Error("expecting non-negative integers in '" + text + "'");
  }
  return value;
}

std::optional<double> parseDouble(const std::string& text)
{
  try {
    size_t used = 0;
    double value = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Try<Nothing> parseValue(std::string value, mesos::v1::Attribute& attribute)
{
  value.erase(std::remove(value.begin(), value.end(), ' '), value.end());
  if (value.empty()) return Error("expecting a non-empty value");
  if (!bracketsMatch(value, '[', ']') || !bracketsMatch(value, '{', '}') ||
      !bracketsMatch(value, '(', ')')) {
    return Error("mismatched brackets");
  }
  if (value.front() == '[') {
    std::vector<std::string> bounds = tokenize(value, "[]-,\n");
    if (bounds.size() % 2 != 0) return Error("expecting one or more ranges like [1-10,20-30]");
    attribute.set_type(mesos::v1::Value::RANGES);
    for (size_t i = 0; i < bounds.size(); i += 2) {
      Try<uint64_t> begin = parseUnsigned(bounds[i]);
      if (!begin) return begin.error();
      Try<uint64_t> end = parseUnsigned(bounds[i + 1]);
      if (!end) return end.error();
      auto* range = attribute.mutable_ranges()->add_range();
      range->set_begin(*begin);
      range->set_end(*end);
    }
    return Nothing{};
  }
  if (value.find('[') != std::string::npos) return Error("unexpected '['");
  if (value.find('{') != std::string::npos) {
    return Error(
        "set values ({a,b}) are not supported for attributes; use text, a number or "
        "ranges");
  }
  if (std::optional<double> scalar = parseDouble(value)) {
    attribute.set_type(mesos::v1::Value::SCALAR);
    attribute.mutable_scalar()->set_value(*scalar);
  } else {
    attribute.set_type(mesos::v1::Value::TEXT);
    attribute.mutable_text()->set_value(value);
  }
  return Nothing{};
}

}  // namespace

Try<google::protobuf::RepeatedPtrField<mesos::v1::Attribute>> parseAttributes(std::string_view text)
{
  google::protobuf::RepeatedPtrField<mesos::v1::Attribute> attributes;
  for (const std::string& token : tokenize(text, ";\n")) {
    size_t colon = token.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == token.size()) {
      return Error("Invalid attribute key:value pair '" + token +
                   "' in --attributes; write name:value pairs separated by ';'");
    }
    mesos::v1::Attribute attribute;
    attribute.set_name(token.substr(0, colon));
    Try<Nothing> parsed = parseValue(token.substr(colon + 1), attribute);
    if (!parsed) {
      return Error("Invalid value of attribute '" + attribute.name() +
                   "' in --attributes: " + parsed.error().message);
    }
    *attributes.Add() = std::move(attribute);
  }
  return attributes;
}

}  // namespace nucleus::agent
