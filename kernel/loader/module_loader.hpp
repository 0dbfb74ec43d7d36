#pragma once

// The module loader: reads manifests (--modules, --modules_dir), opens the
// libraries they list, checks every module against this kernel and keeps a
// registry of them by name; later, creates instances with the manifest's
// parameters.
//
//   ModuleLoader loader;
//   Try<Nothing> loaded = loader.loadFlag(flags.modules);
//   ...
//   Try<ModulePtr<module::HttpRoute>> route =
//       loader.create<module::HttpRoute>("org_nucleus_http_hello", host);
//
// Loading and creating happen at process start-up, before anything is served:
// dlopen and the modules' factories may block. A failed load changes nothing
// (a manifest is all or nothing), and every refusal names the library, the
// module and the fix.
//
// Thread safety: load*() must not run concurrently with anything else. Once
// loading is done, the const methods (create, modules, namesOfKind) may be called
// from any thread.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/loader/known_kinds.hpp"
#include "kernel/loader/library.hpp"
#include "kernel/loader/manifest.hpp"
#include "kernel/loader/module_ptr.hpp"
#include "kernel/loader/search_path.hpp"
#include "nucleus/module/host.hpp"
#include "nucleus/module/parameters.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::loader {

// What introspection shows about a loaded module (parameters are left out:
// they may hold secrets).
struct ModuleInfo {
  std::string name;
  std::string kind;
  std::uint32_t kindVersion = 0;
  std::string library;   // the file loaded
  std::string manifest;  // the manifest's label, e.g. "'/etc/nucleus/modules.json'"
  std::string author;
  std::string description;
};

struct LoaderOptions {
  // Where a library given by bare name is looked for, after the system's path.
  std::vector<std::filesystem::path> searchPath = defaultSearchPath();
  // The kinds this kernel hosts (tests add their own).
  std::vector<KnownKind> kinds = knownKinds();
};

class ModuleLoader {
 public:
  explicit ModuleLoader(LoaderOptions options = {});

  // --modules: a manifest file's path or inline JSON.
  Try<Nothing> loadFlag(const std::string& modules);
  // --modules_dir: every *.json in `directory`, in sorted order.
  Try<Nothing> loadDirectory(const std::filesystem::path& directory);
  Try<Nothing> load(const Manifest& manifest);

  // Creates an instance of the module `name`, which must be of kind Kind (a
  // module-api kind class such as module::HttpRoute), with its manifest
  // parameters. Returns the module's own message when it refuses.
  template <typename Kind>
  Try<ModulePtr<Kind>> create(const std::string& name, module::Host& host) const
  {
    Try<Instance> made = createInstance(name, Kind::kKind, host);
    if (!made) return made.error();
    return ModulePtr<Kind>(static_cast<Kind*>(made->instance), std::move(made->deleter));
  }

  bool contains(const std::string& name) const { return byName_.count(name) != 0; }
  // Every loaded module, in load order.
  std::vector<ModuleInfo> modules() const;
  // The names of the loaded modules of `kind`, in load order.
  std::vector<std::string> namesOfKind(std::string_view kind) const;

 private:
  struct Entry {
    std::string name;
    const NucleusModuleDescriptor* descriptor = nullptr;
    std::shared_ptr<const Library> library;
    module::Parameters parameters;
  };

  struct Instance {
    void* instance = nullptr;
    ModuleDeleter deleter;
  };

  Try<Instance> createInstance(const std::string& name, std::string_view kind,
                               module::Host& host) const;
  const Entry* find(const std::string& name) const;

  LoaderOptions options_;
  std::vector<Entry> entries_;                 // load order
  std::map<std::string, std::size_t> byName_;  // name -> index in entries_
};

}  // namespace nucleus::loader
