#include "kernel/proto/base64.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>

namespace nucleus::proto {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::int8_t kInvalid = -1;

// Maps a character to its 6-bit value; both alphabets share 0-61, so '+'/'-' and '/'/'_' map
// to the same values.
constexpr std::array<std::int8_t, 256> makeDecodeTable()
{
  std::array<std::int8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = std::int8_t(i);
  table['-'] = 62;
  table['_'] = 63;
  return table;
}

constexpr std::array<std::int8_t, 256> kDecode = makeDecodeTable();

std::string describe(unsigned char c)
{
  if (c >= 0x20 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("byte 0x{:02x}", c);
}

}  // namespace

void appendBase64(std::string_view bytes, std::string& out)
{
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t at = out.size();
  out.resize(at + (size + 2) / 3 * 4);
  char* dst = out.data() + at;

  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const std::uint32_t group = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
    *dst++ = kAlphabet[(group >> 18) & 0x3f];
    *dst++ = kAlphabet[(group >> 12) & 0x3f];
    *dst++ = kAlphabet[(group >> 6) & 0x3f];
    *dst++ = kAlphabet[group & 0x3f];
  }
  if (i < size) {
    const bool two = i + 1 < size;
    const std::uint32_t group = (in[i] << 16) | (two ? in[i + 1] << 8 : 0);
    *dst++ = kAlphabet[(group >> 18) & 0x3f];
    *dst++ = kAlphabet[(group >> 12) & 0x3f];
    *dst++ = two ? kAlphabet[(group >> 6) & 0x3f] : '=';
    *dst++ = '=';
  }
}

Try<std::string> decodeBase64(std::string_view text)
{
  // Padding may be present or not; what precedes it must be whole 6-bit groups.
  std::size_t end = text.size();
  std::size_t padding = 0;
  while (end > 0 && text[end - 1] == '=' && padding < 2) {
    --end;
    ++padding;
  }
  if (padding > 0 && (end + padding) % 4 != 0) {
    return Error(fmt::format("invalid base64: {} '=' padding character(s) after {} characters",
                             padding, end));
  }

  std::string result;
  result.reserve(end / 4 * 3 + 2);
  std::uint32_t group = 0;
  int bits = 0;
  for (std::size_t i = 0; i < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::int8_t value = kDecode[c];
    if (value == kInvalid) {
      return Error(fmt::format("invalid base64: unexpected {} at offset {}", describe(c), i));
    }
    group = (group << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      result.push_back(static_cast<char>((group >> bits) & 0xff));
    }
  }
  // One leftover character carries 6 bits: not even one byte, so the input was cut short.
  if (end % 4 == 1) {
    return Error(fmt::format("invalid base64: {} characters cannot encode whole bytes", end));
  }
  return result;
}

}  // namespace nucleus::proto
