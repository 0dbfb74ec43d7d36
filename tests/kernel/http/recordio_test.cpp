#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kernel/http/recordio.hpp"

using namespace nucleus;
using namespace nucleus::http;

namespace {

std::vector<std::string> decodeAll(recordio::Decoder& decoder,
                                   const std::vector<std::string>& pieces)
{
  std::vector<std::string> records;
  for (const auto& piece : pieces) {
    auto decoded = decoder.decode(piece);
    REQUIRE_MESSAGE(decoded.has_value(), decoded.message());
    records.insert(records.end(), decoded->begin(), decoded->end());
  }
  return records;
}

}  // namespace

TEST_CASE("recordio encodes a record as its decimal length, a newline and the bytes")
{
  struct Case {
    std::string record;
    std::string encoded;
  };
  const std::vector<Case> cases = {
      {"", "0\n"},
      {"hello", "5\nhello"},
      {"{\"type\":\"HEARTBEAT\"}", "20\n{\"type\":\"HEARTBEAT\"}"},
      {std::string("a\nb\0c", 5), std::string("5\na\nb\0c", 7)},
      {std::string(1000, 'x'), "1000\n" + std::string(1000, 'x')},
  };
  for (const auto& c : cases) {
    CAPTURE(c.encoded);
    CHECK(recordio::encode(c.record) == c.encoded);
    std::string appended = "prefix";
    recordio::encode(c.record, appended);
    CHECK(appended == "prefix" + c.encoded);
  }
}

TEST_CASE("recordio decodes records split at every possible point")
{
  const std::vector<std::string> records = {"{\"type\":\"SUBSCRIBED\"}", "", "x",
                                            std::string(123, 'z'), "last record"};
  std::string bytes;
  for (const auto& r : records) recordio::encode(r, bytes);

  // Every single split point, including inside the length prefixes.
  for (size_t split = 0; split <= bytes.size(); ++split) {
    CAPTURE(split);
    recordio::Decoder decoder;
    CHECK(decodeAll(decoder, {bytes.substr(0, split), bytes.substr(split)}) == records);
    CHECK(decoder.finish().has_value());
  }

  // Byte by byte.
  recordio::Decoder decoder;
  std::vector<std::string> pieces;
  for (char c : bytes) pieces.emplace_back(1, c);
  CHECK(decodeAll(decoder, pieces) == records);
  CHECK(decoder.finish().has_value());
}

TEST_CASE("recordio reports a stream that ends inside a record or a length")
{
  struct Case {
    std::string bytes;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"12\nabc", "stream ended inside a record: got 3 of 12 bytes"},
      {"5\nhello1", "stream ended inside the length prefix '1'"},
      {"3\n", "stream ended inside a record: got 0 of 3 bytes"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.bytes);
    recordio::Decoder decoder;
    CHECK(decoder.decode(c.bytes).has_value());
    auto finished = decoder.finish();
    REQUIRE_FALSE(finished.has_value());
    CHECK(finished.error().message.find(c.error) != std::string::npos);
  }
}

TEST_CASE("recordio rejects malformed lengths and oversized records, and stays failed")
{
  struct Case {
    std::string bytes;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"5\nhelloX\nabc", "expected a decimal length followed by '\\n', got 'X'"},
      {"-1\nx", "got '-'"},
      {" 5\nhello", "got ' '"},
      {"\nabc", "empty length prefix"},
      {std::string(21, '1') + "\n", "length prefix is longer than 20 digits"},
      {"101\n", "a record of 101 bytes exceeds the limit of 100 bytes"},
      {"99999999999999999999\n", "exceeds the limit of 100 bytes"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.bytes);
    recordio::Decoder decoder(100);
    auto decoded = decoder.decode(c.bytes);
    REQUIRE_FALSE(decoded.has_value());
    CHECK(decoded.error().message.find(c.error) != std::string::npos);
    CHECK(decoder.failed());
    // Once failed, always failed: later good data does not resynchronise.
    auto again = decoder.decode("2\nok");
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().message == decoded.error().message);
    CHECK_FALSE(decoder.finish().has_value());
  }
}

TEST_CASE("recordio reports where the bad byte was")
{
  recordio::Decoder decoder;
  auto decoded = decoder.decode("2\nok3\nabcx");
  REQUIRE_FALSE(decoded.has_value());
  CHECK(decoded.error().message ==
        "Failed to decode RecordIO at byte 9: expected a decimal length followed by '\\n', got "
        "'x'");
}
