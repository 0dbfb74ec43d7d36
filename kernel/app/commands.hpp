#pragma once

// The subcommands of the `nucleus` binary. Each takes the arguments after its
// name and returns the process exit code: 0 after an orderly shutdown, 1 for a
// usage or start-up error (printed to stderr, naming the flag to fix), and for
// `execute` 2 when its flags are valid but nothing was launched (no scheduler API yet).
//
// Thread safety: run on main's thread.

#include <string>
#include <vector>

namespace nucleus::app {

using Args = std::vector<std::string>;

int runMaster(const Args& args);
int runAgent(const Args& args);
int runDev(const Args& args);
int runExecute(const Args& args);

}  // namespace nucleus::app
