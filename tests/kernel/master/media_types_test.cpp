// Content negotiation of the v1 APIs: Content-Type is matched exactly, Accept
// as libprocess does (repeated fields, q-values, wildcards).

#include <doctest/doctest.h>

#include "kernel/master/media_types.hpp"

using nucleus::http::Headers;
using nucleus::master::acceptsMediaType;
using nucleus::master::ContentType;
using nucleus::master::negotiateAccept;
using nucleus::master::parseContentType;

TEST_CASE("Content-Type is one of the two encodings, matched exactly")
{
  CHECK(parseContentType("application/json") == ContentType::Json);
  CHECK(parseContentType("application/x-protobuf") == ContentType::Protobuf);
  CHECK_FALSE(parseContentType("application/json; charset=utf-8").has_value());
  CHECK_FALSE(parseContentType("text/plain").has_value());
}

TEST_CASE("Accept negotiation prefers JSON and honours q-values and wildcards")
{
  struct Case {
    std::vector<std::string> accept;
    std::optional<ContentType> chosen;
  };
  const std::vector<Case> cases = {
      {{}, ContentType::Json},
      {{"*/*"}, ContentType::Json},
      {{"application/*"}, ContentType::Json},
      {{"application/x-protobuf"}, ContentType::Protobuf},
      {{"application/json;q=0, application/x-protobuf"}, ContentType::Protobuf},
      {{"application/json;q=0", "application/x-protobuf;q=0.5"}, ContentType::Protobuf},
      {{"*/*;q=0, application/json"}, ContentType::Json},
      {{"application/*;q=0"}, std::nullopt},
      {{"text/html"}, std::nullopt},
      {{"APPLICATION/JSON"}, ContentType::Json},
  };
  for (const Case& c : cases) {
    Headers headers;
    for (const std::string& value : c.accept) headers.add("Accept", value);
    CAPTURE(c.accept.size());
    CHECK(negotiateAccept(headers) == c.chosen);
  }
}

TEST_CASE("The most specific matching range decides")
{
  Headers headers{{"Accept", "application/*;q=0, application/json"}};
  CHECK(acceptsMediaType(headers, "application/json"));
  CHECK_FALSE(acceptsMediaType(headers, "application/x-protobuf"));
}
