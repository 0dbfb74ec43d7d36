#pragma once

// Where the installed `nucleus` looks for a library given by bare name in a
// manifest ({"name": "x"} or {"file": "libx.so"}), after the system's library
// path: the shipped-modules directory (NUCLEUS_MODULE_INSTALL_DIR, by default
// lib/nucleus/modules) relative to the running binary's prefix (so a relocated
// install keeps working), then under the configured install prefix.
//
// Thread safety: pure function.

#include <filesystem>
#include <vector>

namespace nucleus::loader {

std::vector<std::filesystem::path> defaultSearchPath();

}  // namespace nucleus::loader
