#pragma once

// The modules that ship with Nucleus and that `nucleus dev` loads before the
// operator's --modules and --modules_dir (unless --no-default_modules). They
// are found by library name on the module search path (lib/nucleus/modules
// beside the binary's bin/, in the build tree as in an install).
//
// Thread safety: pure function.

#include "kernel/loader/manifest.hpp"

namespace nucleus::app {

loader::Manifest defaultModulesManifest();

}  // namespace nucleus::app
