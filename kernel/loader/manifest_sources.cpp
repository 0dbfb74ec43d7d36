#include "kernel/loader/manifest_sources.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace nucleus::loader {

Try<Manifest> readManifest(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error("Failed to read module manifest '" + path.string() + "': " + std::strerror(errno) +
                 "; check the path and its permissions");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return Error("Failed to read module manifest '" + path.string() + "': read error");
  }
  return parseManifest(text.str(), fileSource(path.string()));
}

Try<Manifest> manifestFromFlag(const std::string& value)
{
  std::size_t first = value.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return Error(
        "Failed to load modules: --modules is empty; give a manifest file's path or inline "
        "JSON such as {\"libraries\": [...]}");
  }
  if (value[first] == '{') return parseManifest(value, std::string(kInlineSource));
  return readManifest(value);
}

Try<std::vector<Manifest>> manifestsFromDirectory(const std::filesystem::path& directory)
{
  std::error_code error;
  std::filesystem::directory_iterator it(directory, error);
  if (error) {
    return Error("Failed to list module manifests in '" + directory.string() +
                 "' (--modules_dir): " + error.message() +
                 "; give --modules_dir an existing directory");
  }

  std::vector<std::filesystem::path> paths;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    const std::filesystem::path& path = it->path();
    if (path.extension() == ".json" && it->is_regular_file(error)) paths.push_back(path);
  }
  if (error) {
    return Error("Failed to list module manifests in '" + directory.string() +
                 "' (--modules_dir): " + error.message());
  }
  std::sort(paths.begin(), paths.end(),
            [](const auto& a, const auto& b) { return a.filename() < b.filename(); });

  std::vector<Manifest> manifests;
  for (const auto& path : paths) {
    Try<Manifest> manifest = readManifest(path);
    if (!manifest) return manifest.error();
    manifests.push_back(std::move(*manifest));
  }
  return manifests;
}

}  // namespace nucleus::loader
