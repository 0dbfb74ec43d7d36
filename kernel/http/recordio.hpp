#pragma once

// RecordIO, the framing of Mesos' v1 event streams: each record is its length
// in decimal ASCII, a '\n', then that many bytes ("5\nhello"). The server sends
// one record per HTTP chunk, but readers must not rely on that, so the decoder
// accepts the bytes split anywhere, even inside the length prefix.
//
// Pure code, no I/O.
//
// Thread safety: encode() is a pure function; a Decoder belongs to one reader.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "nucleus/module/try.hpp"

namespace nucleus::http::recordio {

// "<length>\n<record>".
std::string encode(std::string_view record);

// Appends the encoding of `record` to `out`.
void encode(std::string_view record, std::string& out);

class Decoder {
 public:
  static constexpr size_t kDefaultMaxRecordBytes = 64 * 1024 * 1024;
  // A length prefix with more digits than this is not a length.
  static constexpr size_t kMaxLengthDigits = 20;

  explicit Decoder(size_t maxRecordBytes = kDefaultMaxRecordBytes) : maxRecordBytes_(maxRecordBytes)
  {
  }

  // Feeds the next bytes of the stream; returns the records they complete, in
  // order. An error (a non-digit in a length, an over-long length prefix, a
  // record over the limit) is final: every later call returns it again.
  Try<std::vector<std::string>> decode(std::string_view data);

  // Call at the end of the stream: an error if it ended inside a record or a
  // length prefix ("stream ended inside a record: got 3 of 12 bytes").
  Try<Nothing> finish();

  bool failed() const { return failed_; }

 private:
  Error fail(std::string message);

  const size_t maxRecordBytes_;
  bool inRecord_ = false;  // false: reading a length prefix
  std::string length_;     // digits of the current length prefix
  size_t expected_ = 0;    // size of the current record
  std::string record_;     // bytes of the current record so far
  size_t offset_ = 0;      // bytes consumed so far, for messages
  bool failed_ = false;
  std::string error_;
};

}  // namespace nucleus::http::recordio
