#pragma once

// What a command does when its flags do not load: print the error and a
// pointer to --help on stderr, and exit with status 1. The process exit is
// kept in this one small function that the app calls; everything else in the
// flags library returns errors as values.
//
// Thread safety: exitWithUsageError ends the process; call it from main's thread.

#include <string>
#include <string_view>

#include "nucleus/module/try.hpp"

namespace nucleus::flags {

// "nucleus master: <message>\nSee 'nucleus master --help'.\n"
// (an empty `command` gives "nucleus: ..." and "See 'nucleus --help'.").
std::string usageErrorText(std::string_view command, const Error& error);

[[noreturn]] void exitWithUsageError(std::string_view command, const Error& error);

}  // namespace nucleus::flags
