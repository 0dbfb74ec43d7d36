#include "kernel/loader/search_path.hpp"

#include <algorithm>
#include <system_error>

namespace nucleus::loader {

std::vector<std::filesystem::path> defaultSearchPath()
{
  const std::filesystem::path installed = NUCLEUS_MODULE_INSTALL_DIR;
  if (installed.is_absolute()) return {installed};

  std::vector<std::filesystem::path> path;
  std::error_code error;
  // <prefix>/bin/nucleus -> <prefix>/<NUCLEUS_MODULE_INSTALL_DIR>
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) path.push_back((self.parent_path().parent_path() / installed).lexically_normal());

  std::filesystem::path configured =
      (std::filesystem::path(NUCLEUS_INSTALL_PREFIX) / installed).lexically_normal();
  if (std::find(path.begin(), path.end(), configured) == path.end()) path.push_back(configured);
  return path;
}

}  // namespace nucleus::loader
