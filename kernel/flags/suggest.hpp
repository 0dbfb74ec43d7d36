#pragma once

// "Did you mean ...?": the known name nearest to a mistyped one.
//
// Thread safety: pure functions; callable from any thread.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nucleus::flags {

// Edit distance counting insertions, deletions, substitutions and swaps of
// two neighbouring characters ("prot" is one edit from "port").
size_t editDistance(std::string_view a, std::string_view b);

// The candidate nearest to `typed`, if it is close enough to be what the user
// meant: at most a third of the typed name's length away (between 1 and 3
// edits). Ties go to the earliest candidate.
std::optional<std::string> nearest(std::string_view typed,
                                   const std::vector<std::string>& candidates);

}  // namespace nucleus::flags
