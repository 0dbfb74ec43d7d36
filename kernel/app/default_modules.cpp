#include "kernel/app/default_modules.hpp"

namespace nucleus::app {

loader::Manifest defaultModulesManifest()
{
  loader::Manifest manifest;
  manifest.source = "(the default modules of nucleus dev)";

  loader::ManifestLibrary hello;
  hello.name = "nucleus_http_hello";
  hello.modules.push_back(loader::ManifestModule{"org_nucleus_http_hello", {}});
  manifest.libraries.push_back(std::move(hello));
  return manifest;
}

}  // namespace nucleus::app
