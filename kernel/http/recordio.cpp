#include "kernel/http/recordio.hpp"

#include <algorithm>
#include <charconv>

namespace nucleus::http::recordio {

void encode(std::string_view record, std::string& out)
{
  out += std::to_string(record.size());
  out += '\n';
  out.append(record.data(), record.size());
}

std::string encode(std::string_view record)
{
  std::string out;
  out.reserve(record.size() + 12);
  encode(record, out);
  return out;
}

namespace {
std::string describe(char c)
{
  if (c >= 0x20 && c < 0x7f) return "'" + std::string(1, c) + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  auto byte = static_cast<unsigned char>(c);
  return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0xF];
}
}  // namespace

Error Decoder::fail(std::string message)
{
  failed_ = true;
  error_ = "Failed to decode RecordIO at byte " + std::to_string(offset_) + ": " + message;
  return Error(error_);
}

Try<std::vector<std::string>> Decoder::decode(std::string_view data)
{
  if (failed_) return Error(error_);
  std::vector<std::string> records;
  while (true) {
    if (inRecord_) {
      // Checked even without data left, so that a record of length zero completes.
      size_t take = std::min(expected_ - record_.size(), data.size());
      record_.append(data.data(), take);
      data.remove_prefix(take);
      offset_ += take;
      if (record_.size() < expected_) break;  // all data used
      records.push_back(std::move(record_));
      record_.clear();
      inRecord_ = false;
    }
    if (data.empty()) break;

    char c = data.front();
    if (c >= '0' && c <= '9') {
      if (length_.size() >= kMaxLengthDigits) {
        return fail("length prefix is longer than " + std::to_string(kMaxLengthDigits) + " digits");
      }
      length_ += c;
    } else if (c == '\n') {
      if (length_.empty()) {
        return fail("empty length prefix (expected decimal digits before '\\n')");
      }
      size_t length = 0;
      auto [end, ec] = std::from_chars(length_.data(), length_.data() + length_.size(), length);
      if (ec != std::errc() || length > maxRecordBytes_) {
        return fail("a record of " + length_ + " bytes exceeds the limit of " +
                    std::to_string(maxRecordBytes_) + " bytes");
      }
      length_.clear();
      expected_ = length;
      record_.clear();
      record_.reserve(std::min<size_t>(length, 64 * 1024));  // the prefix is untrusted
      inRecord_ = true;
    } else {
      return fail("expected a decimal length followed by '\\n', got " + describe(c));
    }
    data.remove_prefix(1);
    ++offset_;
  }
  return records;
}

Try<Nothing> Decoder::finish()
{
  if (failed_) return Error(error_);
  if (inRecord_) {
    return fail("stream ended inside a record: got " + std::to_string(record_.size()) + " of " +
                std::to_string(expected_) + " bytes");
  }
  if (!length_.empty()) return fail("stream ended inside the length prefix '" + length_ + "'");
  return Nothing{};
}

}  // namespace nucleus::http::recordio
