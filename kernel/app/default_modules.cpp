#include "kernel/app/default_modules.hpp"

namespace nucleus::app {

loader::Manifest defaultModulesManifest()
{
  loader::Manifest manifest;
  manifest.source = "(the default modules, --default_modules)";

  // Library name -> module name: found by name in lib/nucleus/modules beside the binary.
  const std::pair<const char*, const char*> defaults[] = {
      {"nucleus_http_hello", "org_nucleus_http_hello"},
      {"nucleus_allocator_hierarchical_drf", "org_nucleus_allocator_hierarchical_drf"},
      {"nucleus_isolator_posix_cpu", "org_nucleus_isolator_posix_cpu"},
      {"nucleus_isolator_posix_mem", "org_nucleus_isolator_posix_mem"},
  };
  for (const auto& [library, module] : defaults) {
    loader::ManifestLibrary entry;
    entry.name = library;
    entry.modules.push_back(loader::ManifestModule{module, {}});
    manifest.libraries.push_back(std::move(entry));
  }
  return manifest;
}

}  // namespace nucleus::app
