#pragma once

// Resolves a flag's raw text: as in Mesos, a value of the form `file:///path`
// (or `file://relative/path`) stands for the content of that file, so secrets
// and long values need not appear in `ps` output or unit files.
//
// Thread safety: callable from any thread; reads the file system.

#include <optional>
#include <string>
#include <string_view>

#include "kernel/flags/flag_types.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::flags {

struct FetchedValue {
  std::string text;                 // what the flag's type parses
  std::optional<std::string> path;  // the file it came from, if any
};

// Returns `value` itself unless it starts with "file://" and `mode` is not
// Fetch::Never. Mesos keeps a file's content byte for byte; we drop the final
// line break that editors and `echo` add (Fetch::Text), and for numbers,
// booleans, durations and sizes all surrounding whitespace (Fetch::Token).
Try<FetchedValue> fetch(std::string_view value, Fetch mode);

}  // namespace nucleus::flags
