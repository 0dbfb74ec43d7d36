#include "kernel/loader/module_loader.hpp"

#include <array>
#include <utility>

#include "kernel/common/logging.hpp"
#include "kernel/loader/manifest_sources.hpp"
#include "kernel/loader/module_checks.hpp"

namespace nucleus::loader {

namespace {

std::string joined(const std::vector<std::string>& names)
{
  if (names.empty()) return "none";
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::string where(const Library& library)
{
  return "library '" + library.path() + "' (listed in module manifest " + library.source() + ")";
}

}  // namespace

ModuleLoader::ModuleLoader(LoaderOptions options) : options_(std::move(options)) {}

Try<Nothing> ModuleLoader::loadFlag(const std::string& modules)
{
  Try<Manifest> manifest = manifestFromFlag(modules);
  if (!manifest) return manifest.error();
  return load(*manifest);
}

Try<Nothing> ModuleLoader::loadDirectory(const std::filesystem::path& directory)
{
  Try<std::vector<Manifest>> manifests = manifestsFromDirectory(directory);
  if (!manifests) return manifests.error();
  for (const Manifest& manifest : *manifests) {
    Try<Nothing> loaded = load(manifest);
    if (!loaded) return loaded;
  }
  return Nothing{};
}

Try<Nothing> ModuleLoader::load(const Manifest& manifest)
{
  // Registered only once the whole manifest has passed.
  std::vector<Entry> staged;
  auto already = [&](const std::string& name) -> const Entry* {
    if (const Entry* entry = find(name)) return entry;
    for (const Entry& entry : staged) {
      if (entry.name == name) return &entry;
    }
    return nullptr;
  };

  for (const ManifestLibrary& listed : manifest.libraries) {
    Try<std::shared_ptr<const Library>> library =
        Library::open(listed, manifest.source, options_.searchPath);
    if (!library) return library.error();

    for (const ManifestModule& module : listed.modules) {
      const std::string prefix =
          "Failed to load module '" + module.name + "' from " + where(**library) + ": ";
      const NucleusModuleDescriptor* descriptor = (*library)->find(module.name);
      if (descriptor == nullptr) {
        return Error(prefix + "the library does not export it (it exports: " +
                     joined((*library)->moduleNames()) + "); fix the module name in the manifest");
      }
      Try<Nothing> ok =
          checkModule(*descriptor, (*library)->table().nucleus_version, options_.kinds);
      if (!ok) return Error(prefix + ok.error().message);

      if (const Entry* loaded = already(module.name)) {
        return Error(prefix + "a module of that name was already loaded from " +
                     where(*loaded->library) +
                     "; module names must be unique: remove one of them from the manifests");
      }
      staged.push_back(Entry{module.name, descriptor, *library, module.parameters});
    }
  }

  for (Entry& entry : staged) {
    log::info("Loaded module '{}' (kind {} version {}) from library '{}'", entry.name,
              entry.descriptor->kind, entry.descriptor->kind_version, entry.library->path());
    byName_[entry.name] = entries_.size();
    entries_.push_back(std::move(entry));
  }
  return Nothing{};
}

const ModuleLoader::Entry* ModuleLoader::find(const std::string& name) const
{
  auto found = byName_.find(name);
  return found == byName_.end() ? nullptr : &entries_[found->second];
}

Try<ModuleLoader::Instance> ModuleLoader::createInstance(const std::string& name,
                                                         std::string_view kind,
                                                         module::Host& host) const
{
  const Entry* entry = find(name);
  if (entry == nullptr) {
    std::vector<std::string> names;
    for (const Entry& loaded : entries_) names.push_back(loaded.name);
    return Error("Failed to create module '" + name + "': no module of that name is loaded (" +
                 "loaded: " + joined(names) + "); list it in a manifest given with --modules " +
                 "or --modules_dir");
  }

  const NucleusModuleDescriptor& descriptor = *entry->descriptor;
  const std::string prefix =
      "Failed to create module '" + name + "' from " + where(*entry->library) + ": ";
  if (kind != descriptor.kind) {
    return Error(prefix + "it is of kind '" + descriptor.kind + "', but is used here as kind '" +
                 std::string(kind) + "'; use a module of kind '" + std::string(kind) + "'");
  }

  std::vector<NucleusModuleParameter> parameters;
  for (const module::Parameter& parameter : entry->parameters) {
    parameters.push_back({parameter.key.c_str(), parameter.value.c_str()});
  }
  std::array<char, 4096> error{};
  void* instance = descriptor.create(parameters.data(), parameters.size(),
                                     static_cast<void*>(&host), error.data(), error.size());
  if (instance == nullptr) {
    error.back() = '\0';
    std::string text =
        error.front() != '\0' ? error.data() : "it returned no instance and no error";
    return Error(prefix + text);
  }
  log::debug("Created an instance of module '{}'", name);
  return Instance{instance, ModuleDeleter(entry->library, descriptor.destroy)};
}

std::vector<ModuleInfo> ModuleLoader::modules() const
{
  std::vector<ModuleInfo> infos;
  for (const Entry& entry : entries_) {
    const NucleusModuleDescriptor& d = *entry.descriptor;
    infos.push_back(ModuleInfo{entry.name, d.kind, d.kind_version, entry.library->path(),
                               entry.library->source(), d.author, d.description});
  }
  return infos;
}

std::vector<std::string> ModuleLoader::namesOfKind(std::string_view kind) const
{
  std::vector<std::string> names;
  for (const Entry& entry : entries_) {
    if (kind == entry.descriptor->kind) names.push_back(entry.name);
  }
  return names;
}

}  // namespace nucleus::loader
