#pragma once

// Where manifests come from: the --modules flag (a path to a JSON file, or the
// JSON itself) and the --modules_dir flag (every *.json file in a folder, in
// sorted order, as Mesos loads them).
//
// These read files synchronously: they run at process start-up, before anything
// is served.
//
// Thread safety: pure functions (they read the file system).

#include <filesystem>
#include <string>
#include <vector>

#include "kernel/loader/manifest.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::loader {

// Reads and parses the manifest file at `path`.
Try<Manifest> readManifest(const std::filesystem::path& path);

// The value of --modules: inline JSON when its first non-space character is '{',
// else the path of a manifest file. (The flags layer already turned file:// into
// a path.)
Try<Manifest> manifestFromFlag(const std::string& value);

// The value of --modules_dir: every regular *.json file directly in `directory`,
// sorted by file name.
Try<std::vector<Manifest>> manifestsFromDirectory(const std::filesystem::path& directory);

}  // namespace nucleus::loader
