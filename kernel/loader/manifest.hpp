#pragma once

// The module manifest, in Mesos 1.5's format (mesos.Modules, as given to
// --modules):
//
//   {"libraries": [{"file": "/usr/lib/nucleus/modules/libnucleus_http_hello.so",
//                   "modules": [{"name": "org_nucleus_http_hello",
//                                "parameters": [{"key": "greeting", "value": "Hi"}]}]},
//                  {"name": "nucleus_http_hello", "modules": [...]}]}
//
// As Mesos: a library gives "file" (a path if it contains '/', else a name for
// the system's library search) or "name" ("x" means "libx.so"); with both, "file"
// wins. Unlike Mesos, unknown fields, a missing "libraries" and a non-string
// value are errors, so a typo cannot silently drop a module.
//
// Thread safety: pure functions over values.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "nucleus/module/parameters.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::loader {

struct ManifestModule {
  std::string name;
  module::Parameters parameters;
};

struct ManifestLibrary {
  std::string file;  // "" when not given
  std::string name;  // "" when not given
  std::vector<ManifestModule> modules;
};

struct Manifest {
  // Where it came from, ready for messages: "'/etc/nucleus/modules.json'" or
  // "(inline JSON)".
  std::string source;
  std::vector<ManifestLibrary> libraries;
};

// The label of a manifest read from `path`, and of one given inline.
std::string fileSource(std::string_view path);
inline constexpr std::string_view kInlineSource = "(inline JSON)";

// Parses manifest JSON. `source` (fileSource() or kInlineSource) names it in errors.
Try<Manifest> parseManifest(std::string_view json, std::string source);

}  // namespace nucleus::loader
