#pragma once

// The leaves of Nucleus' JSON writer: strings and numbers appended straight into a std::string,
// formatted the way Mesos 1.5 (stout's jsonify) writes them. Shared by the protobuf writer and by
// anything else that writes Mesos-dialect JSON by hand.
//
// Thread safety: pure functions; no shared state.

#include <cstdint>
#include <string>
#include <string_view>

namespace nucleus::proto {

// Appends `text` as a quoted JSON string. As Mesos: '"', '\\' and '/' are backslash-escaped,
// control characters and DEL become \b \f \n \r \t or \u00XX, and valid UTF-8 passes through
// unchanged. Unlike Mesos, each byte that is not part of well-formed UTF-8 becomes \ufffd, so the
// output is always valid JSON.
void appendJsonString(std::string_view text, std::string& out);

void appendJsonNumber(std::int64_t value, std::string& out);
void appendJsonNumber(std::uint64_t value, std::string& out);

// As Mesos: 15 significant digits, and always a decimal point or an exponent so the value reads
// back as a double ("1.0", "0.1", "1500000000.12346", "1e+20"). NaN and the infinities have no
// JSON number, so they are written as the strings "NaN", "Infinity" and "-Infinity" (as
// protobuf's own JSON printer does), which the parser accepts back.
void appendJsonNumber(double value, std::string& out);

}  // namespace nucleus::proto
