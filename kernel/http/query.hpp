#pragma once

// Request targets and query strings: splitting "/path?query#fragment",
// percent-decoding, and parsing "a=1&b=two+words" into parameters.
//
// Thread safety: pure functions and plain values.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nucleus/module/try.hpp"

namespace nucleus::http {

// Decodes %XX escapes (and '+' as a space when `plusIsSpace`, as in query strings).
Try<std::string> percentDecode(std::string_view text, bool plusIsSpace = false);

// Escapes everything except unreserved characters (RFC 3986 2.3).
std::string percentEncode(std::string_view text);

// A request-target split into its parts.
struct Target {
  std::string path;   // percent-decoded, always starting with '/'
  std::string query;  // raw, without the '?'
};

// Splits an origin-form ("/a/b?x=1") or absolute-form ("http://h:1/a?x") target.
Try<Target> parseTarget(std::string_view target);

// Query parameters in the order given; names may repeat.
class QueryParams {
 public:
  QueryParams() = default;

  // The first value of `name`, if present ("a" in "?a" has the value "").
  std::optional<std::string> get(std::string_view name) const;
  std::vector<std::string> getAll(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }

  size_t size() const { return params_.size(); }
  std::vector<std::pair<std::string, std::string>>::const_iterator begin() const
  {
    return params_.begin();
  }
  std::vector<std::pair<std::string, std::string>>::const_iterator end() const
  {
    return params_.end();
  }

 private:
  friend Try<QueryParams> parseQuery(std::string_view query);
  std::vector<std::pair<std::string, std::string>> params_;
};

// Parses a raw query ("a=1&b=x%20y"); an error names the query and the bad escape.
Try<QueryParams> parseQuery(std::string_view query);

}  // namespace nucleus::http
