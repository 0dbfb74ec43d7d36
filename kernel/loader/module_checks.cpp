#include "kernel/loader/module_checks.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include "kernel/common/version.hpp"
#include "nucleus/module/fingerprint.hpp"

namespace nucleus::loader {

namespace {

using Version = std::array<unsigned long, 3>;

// "major.minor.patch", optionally followed by "-anything" (ignored).
std::optional<Version> parseVersion(std::string_view text)
{
  text = text.substr(0, text.find('-'));
  Version version{};
  for (std::size_t i = 0; i < version.size(); ++i) {
    const char* end = text.data() + text.size();
    auto [next, error] = std::from_chars(text.data(), end, version[i]);
    if (error != std::errc() || next == text.data()) return std::nullopt;
    text.remove_prefix(next - text.data());
    if (i + 1 < version.size()) {
      if (text.empty() || text.front() != '.') return std::nullopt;
      text.remove_prefix(1);
    }
  }
  if (!text.empty()) return std::nullopt;
  return version;
}

const char* missingField(const NucleusModuleDescriptor& d)
{
  if (d.kind == nullptr) return "kind";
  if (d.author == nullptr) return "author";
  if (d.description == nullptr) return "description";
  if (d.create == nullptr) return "create";
  if (d.destroy == nullptr) return "destroy";
  return nullptr;
}

Try<Nothing> checkKind(const NucleusModuleDescriptor& d, const std::vector<KnownKind>& kinds)
{
  std::string kind = d.kind;
  auto known =
      std::find_if(kinds.begin(), kinds.end(), [&](const KnownKind& k) { return k.name == kind; });
  if (known == kinds.end()) {
    return Error("its kind '" + kind + "' (version " + std::to_string(d.kind_version) +
                 ") is unknown to this Nucleus " + nucleusVersion() + ", which hosts " +
                 describeKinds(kinds) +
                 "; use a Nucleus that hosts this kind, or remove the module from the manifest");
  }
  if (known->version != d.kind_version) {
    return Error("it implements kind '" + kind + "' version " + std::to_string(d.kind_version) +
                 ", but this Nucleus " + nucleusVersion() + " hosts '" + kind + "' version " +
                 std::to_string(known->version) + "; rebuild it with the module SDK of Nucleus " +
                 nucleusVersion());
  }
  return Nothing{};
}

Try<Nothing> checkVersion(const NucleusModuleDescriptor& d, const std::string& builtFor)
{
  const std::string host = nucleusVersion();
  std::optional<Version> module = parseVersion(builtFor);
  std::optional<Version> ours = parseVersion(host);
  if (!module) {
    return Error("it names '" + builtFor +
                 "' as the Nucleus version it was built for, which is not a version "
                 "(major.minor.patch); rebuild it with the module SDK of Nucleus " +
                 host);
  }
  if (ours && *module > *ours) {
    return Error("it was built for Nucleus " + builtFor + ", newer than this Nucleus " + host +
                 "; rebuild it with the module SDK of Nucleus " + host);
  }
  if (d.compatible == nullptr) {
    if (ours && *module != *ours) {
      return Error("it was built for Nucleus " + builtFor +
                   " and has no compatible() check, so it loads only into that version, not "
                   "into this Nucleus " +
                   host + "; rebuild it with the module SDK of Nucleus " + host +
                   ", or give it a compatible() check");
    }
    return Nothing{};
  }

  NucleusModuleHostInfo info{};
  info.size = sizeof(info);
  info.abi_version = NUCLEUS_MODULE_ABI_VERSION;
  info.nucleus_version = host.c_str();
  info.fingerprint = NUCLEUS_MODULE_FINGERPRINT;
  std::array<char, 4096> reason{};
  if (d.compatible(&info, reason.data(), reason.size()) == 0) {
    reason.back() = '\0';
    std::string text = reason.front() != '\0' ? reason.data() : "(it gave no reason)";
    return Error("it declares itself incompatible with this Nucleus " + host + ": " + text);
  }
  return Nothing{};
}

}  // namespace

Try<Nothing> checkModule(const NucleusModuleDescriptor& descriptor,
                         const std::string& builtForVersion, const std::vector<KnownKind>& kinds)
{
  if (const char* field = missingField(descriptor)) {
    return Error(std::string("its descriptor has no ") + field +
                 "; the library is malformed: declare its modules with "
                 "NUCLEUS_MODULE_LIBRARY() and rebuild it with add_nucleus_module()");
  }
  Try<Nothing> ok = checkKind(descriptor, kinds);
  if (ok) ok = checkVersion(descriptor, builtForVersion);
  return ok;
}

}  // namespace nucleus::loader
