#include <doctest/doctest.h>

#include <string>

#include "kernel/proto/base64.hpp"

using namespace nucleus::proto;

TEST_CASE("base64 encodes as Mesos does and decodes its own output")
{
  struct Case {
    std::string bytes;
    std::string text;
  };
  const Case cases[] = {
      {"", ""},        {"f", "Zg=="},        {"fo", "Zm8="},
      {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {std::string("\0\xff\xfe", 3), "AP/+"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::string out;
    appendBase64(c.bytes, out);
    CHECK(out == c.text);
    const auto decoded = decodeBase64(c.text);
    REQUIRE(decoded.has_value());
    CHECK(*decoded == c.bytes);
  }
}

TEST_CASE("base64 decoding refuses what is not base64, saying where")
{
  struct Case {
    std::string text;
    std::string error;
  };
  const Case cases[] = {
      {"Zm9v!", "unexpected '!' at offset 4"},
      {"Zm 9v", "unexpected ' ' at offset 2"},
      {"Zm9vY", "5 characters cannot encode whole bytes"},
      {"Zg=", "1 '=' padding character(s) after 2 characters"},
      {"Z===", "unexpected '=' at offset 1"},
      {std::string("Zm\x01v", 4), "unexpected byte 0x01 at offset 2"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto decoded = decodeBase64(c.text);
    REQUIRE_FALSE(decoded.has_value());
    CHECK_MESSAGE(decoded.message().find(c.error) != std::string::npos, decoded.message());
  }
}
