#pragma once

// The module kinds this kernel can host, each with the one version of its
// interface (module-api/include/nucleus/module/kinds/) the kernel was built
// with. The loader refuses a module whose kind is not listed, or whose kind
// version differs.
//
// When a kind's interface changes incompatibly, bump its kKindVersion in its
// header; modules built against the old header are then refused by name.
//
// Thread safety: pure functions.

#include <cstdint>
#include <string>
#include <vector>

namespace nucleus::loader {

struct KnownKind {
  std::string name;
  std::uint32_t version = 0;
};

std::vector<KnownKind> knownKinds();

// "http_route (version 1), ..." for messages.
std::string describeKinds(const std::vector<KnownKind>& kinds);

}  // namespace nucleus::loader
