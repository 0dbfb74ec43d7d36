#include "kernel/proto/json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace nucleus::proto {

namespace {

// What the string writer does with each byte: copy it, escape it, or check a UTF-8 sequence.
enum class ByteClass : unsigned char { Plain, Escape, Utf8 };

constexpr std::array<ByteClass, 256> makeByteClasses()
{
  std::array<ByteClass, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    if (c < 0x20 || c == '"' || c == '\\' || c == '/' || c == 0x7f) {
      classes[c] = ByteClass::Escape;
    } else if (c >= 0x80) {
      classes[c] = ByteClass::Utf8;
    } else {
      classes[c] = ByteClass::Plain;
    }
  }
  return classes;
}

constexpr std::array<ByteClass, 256> kByteClasses = makeByteClasses();

void appendEscaped(unsigned char c, std::string& out)
{
  switch (c) {
    case '"':
      out.append("\\\"", 2);
      return;
    case '\\':
      out.append("\\\\", 2);
      return;
    case '/':  // As Mesos.
      out.append("\\/", 2);
      return;
    case '\b':
      out.append("\\b", 2);
      return;
    case '\f':
      out.append("\\f", 2);
      return;
    case '\n':
      out.append("\\n", 2);
      return;
    case '\r':
      out.append("\\r", 2);
      return;
    case '\t':
      out.append("\\t", 2);
      return;
    default: {
      constexpr char kHex[] = "0123456789abcdef";
      const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
      out.append(escaped, 6);
      return;
    }
  }
}

bool isContinuation(unsigned char c)
{
  return (c & 0xc0) == 0x80;
}

// Length of the well-formed UTF-8 sequence starting at `s` (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 if there is none.
std::size_t utf8SequenceLength(const unsigned char* s, std::size_t available)
{
  const unsigned char lead = s[0];
  if (lead >= 0xc2 && lead <= 0xdf) {
    return available >= 2 && isContinuation(s[1]) ? 2 : 0;
  }
  if (lead >= 0xe0 && lead <= 0xef) {
    if (available < 3 || !isContinuation(s[1]) || !isContinuation(s[2])) return 0;
    if (lead == 0xe0 && s[1] < 0xa0) return 0;   // Overlong.
    if (lead == 0xed && s[1] >= 0xa0) return 0;  // UTF-16 surrogate.
    return 3;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    if (available < 4 || !isContinuation(s[1]) || !isContinuation(s[2]) || !isContinuation(s[3])) {
      return 0;
    }
    if (lead == 0xf0 && s[1] < 0x90) return 0;   // Overlong.
    if (lead == 0xf4 && s[1] >= 0x90) return 0;  // Above U+10FFFF.
    return 4;
  }
  return 0;
}

template <typename Integer>
void appendInteger(Integer value, std::string& out)
{
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

}  // namespace

void appendJsonString(std::string_view text, std::string& out)
{
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  out.push_back('"');
  std::size_t runStart = 0;
  std::size_t i = 0;
  while (i < size) {
    const ByteClass kind = kByteClasses[data[i]];
    if (kind == ByteClass::Plain) {
      ++i;
      continue;
    }
    if (kind == ByteClass::Utf8) {
      const std::size_t length = utf8SequenceLength(data + i, size - i);
      if (length > 0) {
        i += length;
        continue;
      }
    }
    // Flush the run of bytes that pass through, then write this byte's replacement.
    out.append(text.data() + runStart, i - runStart);
    if (kind == ByteClass::Escape) {
      appendEscaped(data[i], out);
    } else {
      out.append("\\ufffd", 6);
    }
    ++i;
    runStart = i;
  }
  out.append(text.data() + runStart, size - runStart);
  out.push_back('"');
}

void appendJsonNumber(std::int64_t value, std::string& out)
{
  appendInteger(value, out);
}

void appendJsonNumber(std::uint64_t value, std::string& out)
{
  appendInteger(value, out);
}

void appendJsonNumber(double value, std::string& out)
{
  if (std::isnan(value)) {
    out.append("\"NaN\"");
    return;
  }
  if (std::isinf(value)) {
    out.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    return;
  }
  // Mesos prints "%#.15g" and trims trailing zeros; "%.15g" plus a ".0" where neither a point nor
  // an exponent is left gives the same text in fixed notation. (In exponent notation Mesos' trim
  // also eats zeros of the exponent, turning 1e+20 into 1e+2; we keep the value intact.)
  char buffer[32];
  const auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general, 15);
  const std::size_t length = static_cast<std::size_t>(result.ptr - buffer);
  out.append(buffer, length);
  if (std::memchr(buffer, '.', length) == nullptr && std::memchr(buffer, 'e', length) == nullptr) {
    out.append(".0", 2);
  }
}

}  // namespace nucleus::proto
