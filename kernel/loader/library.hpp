#pragma once

// One opened module library: the shared object, loaded with Boost.DLL, and the
// table its entry point (NUCLEUS_MODULE_ENTRY_SYMBOL) returned, checked against
// this kernel: the entry point exists, the ABI version matches and the toolchain
// fingerprint is byte-identical.
//
// Libraries are opened with RTLD_NOW (an unresolved symbol fails at start-up, not
// mid-request) and RTLD_NODELETE: the code stays mapped for the life of the
// process even after the last handle goes, because work a module posted may
// still be queued. Instances also hold a shared_ptr to their Library.
//
// dlopen blocks (it reads files and runs static initialisers), so libraries are
// opened at process start-up, before anything is served.
//
// Thread safety: a Library is immutable once opened; share it freely.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/loader/manifest.hpp"
#include "nucleus/module/abi.h"
#include "nucleus/module/try.hpp"

namespace boost::dll {
class shared_library;
}

namespace nucleus::loader {

class Library {
 public:
  // Opens the library `entry` names ("file" or "name"; see manifest.hpp). A bare
  // name is looked up on the system's library path first, then in each of
  // `searchPath`. `source` is the manifest's label, for messages.
  static Try<std::shared_ptr<const Library>> open(
      const ManifestLibrary& entry, const std::string& source,
      const std::vector<std::filesystem::path>& searchPath);

  ~Library();
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  // The file that was loaded (absolute when the system's search found it).
  const std::string& path() const { return path_; }
  // The manifest that listed it, e.g. "'/etc/nucleus/modules.json'".
  const std::string& source() const { return source_; }
  const NucleusModuleLibrary& table() const { return *table_; }

  // The descriptor of the module called `name`, or nullptr.
  const NucleusModuleDescriptor* find(std::string_view name) const;
  // The names of every module the library exports, in its order.
  std::vector<std::string> moduleNames() const;

 private:
  Library(std::unique_ptr<boost::dll::shared_library> handle, std::string path, std::string source,
          const NucleusModuleLibrary* table);

  std::unique_ptr<boost::dll::shared_library> handle_;
  std::string path_;
  std::string source_;
  const NucleusModuleLibrary* table_;
};

}  // namespace nucleus::loader
