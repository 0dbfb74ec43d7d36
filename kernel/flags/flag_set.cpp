#include "kernel/flags/flag_set.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace nucleus::flags {

namespace {

constexpr std::string_view kHidden = "*****";

bool validName(std::string_view name)
{
  if (name.empty() || name.starts_with("no-")) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

namespace internal {

void registrationBug(const std::string& message)
{
  std::fprintf(stderr, "nucleus: flag registration bug: %s\n", message.c_str());
  std::abort();
}

}  // namespace internal

Environment processEnvironment()
{
  Environment environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    environment.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return environment;
}

std::string_view describe(FlagSource source)
{
  switch (source) {
    case FlagSource::Default:
      return "default";
    case FlagSource::CommandLine:
      return "command line";
    case FlagSource::NucleusEnvironment:
      return "NUCLEUS_* environment variable";
    case FlagSource::MesosEnvironment:
      return "MESOS_* environment variable";
  }
  return "default";
}

FlagSet::FlagSet()
{
  add(&FlagSet::help_, "help", "Prints this help message.", false);
}

internal::Flag& FlagSet::insert(internal::Flag flag)
{
  addName(flag.name, flag.name);
  const std::string name = flag.name;
  return flags_.emplace(name, std::move(flag)).first->second;
}

void FlagSet::addName(const std::string& name, const std::string& flagName)
{
  // Lower case only, because the command line's names are lowered as in Mesos.
  if (!validName(name)) {
    internal::registrationBug("flag name '" + name +
                              "' must be lower-case letters, digits, '_' or '-', and must "
                              "not start with the reserved 'no-'");
  }
  if (!names_.emplace(name, flagName).second) {
    internal::registrationBug("flag '" + name + "' is registered twice");
  }
}

const internal::Flag* FlagSet::find(std::string_view name) const
{
  const auto alias = names_.find(name);
  if (alias == names_.end()) return nullptr;
  const auto flag = flags_.find(alias->second);
  return flag == flags_.end() ? nullptr : &flag->second;
}

internal::Flag* FlagSet::find(std::string_view name)
{
  return const_cast<internal::Flag*>(std::as_const(*this).find(name));
}

std::vector<std::pair<std::string, std::string>> FlagSet::values() const
{
  std::vector<std::pair<std::string, std::string>> result;
  for (const auto& [name, flag] : flags_) {
    std::optional<std::string> value = flag.print(*this);
    if (!value) continue;
    const std::string& shownName = flag.loadedName.empty() ? name : flag.loadedName;
    result.emplace_back(shownName, flag.secret ? std::string(kHidden) : *std::move(value));
  }
  std::sort(result.begin(), result.end());  // a deprecated name may sort elsewhere
  return result;
}

bool FlagSet::isSet(std::string_view name) const
{
  const std::optional<FlagSource> from = source(name);
  return from.has_value() && *from != FlagSource::Default;
}

std::optional<FlagSource> FlagSet::source(std::string_view name) const
{
  const internal::Flag* flag = find(name);
  if (flag == nullptr) return std::nullopt;
  return flag->source;
}

}  // namespace nucleus::flags
