#include "kernel/loader/library.hpp"

#include <dlfcn.h>

#include <boost/dll/shared_library.hpp>
#include <system_error>

#include "kernel/common/version.hpp"
#include "nucleus/module/fingerprint.hpp"

namespace nucleus::loader {

namespace {

namespace dll = boost::dll;

std::string nullable(const char* text, const char* fallback)
{
  return text != nullptr ? text : fallback;
}

class Opener {
 public:
  Opener(const ManifestLibrary& entry, const std::string& source) : entry_(entry), source_(source)
  {
  }

  // "Failed to load module library 'libx.so' ("name": "x", listed in module
  // manifest '/m.json' for module 'org_x'): <reason>"
  Error fail(const std::string& library, const std::string& reason) const
  {
    std::string context = entry_.file.empty() ? "\"name\": \"" + entry_.name + "\", " : "";
    context += "listed in module manifest " + source_;
    for (std::size_t i = 0; i < entry_.modules.size(); ++i) {
      context += i == 0 ? (entry_.modules.size() == 1 ? " for module '" : " for modules '") : ", '";
      context += entry_.modules[i].name + "'";
    }
    return Error("Failed to load module library '" + library + "' (" + context + "): " + reason);
  }

  // Loads `path` as given (`system`: let the dynamic loader search for a bare
  // name); on failure returns dlerror()'s text.
  static Try<std::unique_ptr<dll::shared_library>> load(const std::string& path, bool system)
  {
    auto mode = dll::load_mode::rtld_now | dll::load_mode::rtld_local |
                static_cast<dll::load_mode::type>(RTLD_NODELETE);
    if (system) mode = mode | dll::load_mode::search_system_folders;

    auto library = std::make_unique<dll::shared_library>();
    std::error_code error;
    ::dlerror();  // Clear any stale message.
    try {
      library->load(path, mode, error);
    } catch (const std::exception& e) {
      return Error(e.what());
    }
    if (!error && library->is_loaded()) return library;
    // Boost's error code is always "bad file descriptor"; dlerror() says why.
    const char* reason = ::dlerror();
    return Error(reason != nullptr ? reason : error.message());
  }

  Error notLoadable(const std::string& path, const Error& reason) const
  {
    return fail(path, "dlopen failed: " + reason.message +
                          "; make sure it is a shared library built for this machine with "
                          "add_nucleus_module(), and that its dependencies are installed");
  }

  Try<std::pair<std::unique_ptr<dll::shared_library>, std::string>> resolveAndLoad(
      const std::vector<std::filesystem::path>& searchPath) const
  {
    const std::string& file = entry_.file;
    if (file.find('/') != std::string::npos) {
      std::error_code ignored;
      if (!std::filesystem::exists(file, ignored)) {
        return fail(file,
                    "no such file; fix the \"file\" path in the manifest, or install the "
                    "library there");
      }
      auto library = load(file, false);
      if (!library) return notLoadable(file, library.error());
      return std::pair(std::move(*library), file);
    }

    // As Mesos: a "file" without '/' is searched for, and "name": "x" means libx.so.
    std::string bare = file.empty() ? "lib" + entry_.name + ".so" : file;
    auto library = load(bare, true);
    if (library) {
      std::error_code ignored;
      std::string located = (*library)->location(ignored).string();
      return std::pair(std::move(*library), located.empty() ? bare : located);
    }
    Error systemError = library.error();

    std::string tried;
    for (const auto& directory : searchPath) {
      std::filesystem::path candidate = directory / bare;
      tried += (tried.empty() ? "'" : ", '") + directory.string() + "'";
      std::error_code ignored;
      if (!std::filesystem::exists(candidate, ignored)) continue;
      auto found = load(candidate.string(), false);
      if (!found) return notLoadable(candidate.string(), found.error());
      return std::pair(std::move(*found), candidate.string());
    }
    return fail(bare, "the system's library search failed (" + systemError.message +
                          ") and it is not in " + (tried.empty() ? "any module directory" : tried) +
                          "; install it into " +
                          (searchPath.empty() ? "the system's library path"
                                              : "'" + searchPath.front().string() + "'") +
                          ", or give its path as \"file\"");
  }

  // The checks that need only the library-wide fields, which never move.
  Try<const NucleusModuleLibrary*> check(dll::shared_library& library,
                                         const std::string& path) const
  {
    if (!library.has(NUCLEUS_MODULE_ENTRY_SYMBOL)) {
      return fail(path, std::string("it does not export '") + NUCLEUS_MODULE_ENTRY_SYMBOL +
                            "', so it is not a Nucleus module library; declare its modules with "
                            "NUCLEUS_MODULE_LIBRARY() and build it with add_nucleus_module()");
    }
    NucleusModuleLibraryFn entry = nullptr;
    try {
      entry = &library.get<const NucleusModuleLibrary*()>(NUCLEUS_MODULE_ENTRY_SYMBOL);
    } catch (const std::exception& e) {
      return fail(path, std::string("reading its entry point failed: ") + e.what());
    }
    const NucleusModuleLibrary* table = entry();
    if (table == nullptr) {
      return fail(path, std::string("its '") + NUCLEUS_MODULE_ENTRY_SYMBOL +
                            "' returned NULL; declare its modules with NUCLEUS_MODULE_LIBRARY()");
    }

    const std::string host = nucleusVersion();
    const std::string built = nullable(table->nucleus_version, "an unknown version");
    if (table->abi_version != NUCLEUS_MODULE_ABI_VERSION) {
      return fail(path, "it was built for module ABI version " +
                            std::to_string(table->abi_version) + " (by the SDK of Nucleus " +
                            built + "), but this Nucleus " + host + " loads module ABI version " +
                            std::to_string(NUCLEUS_MODULE_ABI_VERSION) +
                            "; rebuild it with the module SDK of Nucleus " + host);
    }

    std::string_view fingerprint = table->fingerprint != nullptr ? table->fingerprint : "";
    if (fingerprint != module::kFingerprint) {
      return fail(path, "its toolchain fingerprint '" + std::string(fingerprint) +
                            "' differs from this Nucleus' '" + std::string(module::kFingerprint) +
                            "'; rebuild it with the same compiler, C++ library, Boost, protobuf "
                            "and module-api headers as this Nucleus (the module SDK of Nucleus " +
                            host + ")");
    }

    if (table->nucleus_version == nullptr ||
        (table->modules == nullptr && table->module_count != 0)) {
      return fail(path,
                  "its module table is malformed (no Nucleus version, or no module array "
                  "for " +
                      std::to_string(table->module_count) +
                      " modules); declare its modules with NUCLEUS_MODULE_LIBRARY()");
    }
    return table;
  }

 private:
  const ManifestLibrary& entry_;
  const std::string& source_;
};

}  // namespace

Try<std::shared_ptr<const Library>> Library::open(
    const ManifestLibrary& entry, const std::string& source,
    const std::vector<std::filesystem::path>& searchPath)
{
  Opener opener(entry, source);
  auto loaded = opener.resolveAndLoad(searchPath);
  if (!loaded) return loaded.error();
  auto& [handle, path] = *loaded;

  Try<const NucleusModuleLibrary*> table = opener.check(*handle, path);
  if (!table) return table.error();
  return std::shared_ptr<const Library>(new Library(std::move(handle), path, source, *table));
}

Library::Library(std::unique_ptr<dll::shared_library> handle, std::string path, std::string source,
                 const NucleusModuleLibrary* table)
    : handle_(std::move(handle)), path_(std::move(path)), source_(std::move(source)), table_(table)
{
}

Library::~Library() = default;

const NucleusModuleDescriptor* Library::find(std::string_view name) const
{
  for (std::size_t i = 0; i < table_->module_count; ++i) {
    const NucleusModuleDescriptor& descriptor = table_->modules[i];
    if (descriptor.name != nullptr && name == descriptor.name) return &descriptor;
  }
  return nullptr;
}

std::vector<std::string> Library::moduleNames() const
{
  std::vector<std::string> names;
  for (std::size_t i = 0; i < table_->module_count; ++i) {
    names.push_back(nullable(table_->modules[i].name, "(unnamed)"));
  }
  return names;
}

}  // namespace nucleus::loader
