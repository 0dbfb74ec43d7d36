#include "kernel/loader/known_kinds.hpp"

#include "nucleus/module/kinds/allocator.hpp"
#include "nucleus/module/kinds/http_route.hpp"
#include "nucleus/module/kinds/isolator.hpp"

namespace nucleus::loader {

std::vector<KnownKind> knownKinds()
{
  return {
      {module::HttpRoute::kKind, module::HttpRoute::kKindVersion},
      {module::Allocator::kKind, module::Allocator::kKindVersion},
      {module::Isolator::kKind, module::Isolator::kKindVersion},
  };
}

std::string describeKinds(const std::vector<KnownKind>& kinds)
{
  if (kinds.empty()) return "no kinds";
  std::string text;
  for (const auto& kind : kinds) {
    if (!text.empty()) text += ", ";
    text += kind.name + " (version " + std::to_string(kind.version) + ")";
  }
  return text;
}

}  // namespace nucleus::loader
