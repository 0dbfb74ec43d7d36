// FlagSet::load: the command line, then NUCLEUS_* and MESOS_* variables, then
// the checks (required flags, validators). Error texts keep Mesos' wording
// where a Mesos user may know it ("Failed to load unknown flag 'x'") and add
// the fix.

#include <cctype>

#include "kernel/flags/fetch.hpp"
#include "kernel/flags/flag_set.hpp"
#include "kernel/flags/suggest.hpp"

namespace nucleus::flags {

namespace {

constexpr std::string_view kHidden = "*****";

std::string trim(std::string_view text)
{
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(kSpace) - first + 1));
}

std::string changeCase(std::string_view text, int (*convert)(int))
{
  std::string result(text);
  for (char& c : result) c = static_cast<char>(convert(static_cast<unsigned char>(c)));
  return result;
}

std::string lower(std::string_view text)
{
  return changeCase(text, ::tolower);
}
std::string upper(std::string_view text)
{
  return changeCase(text, ::toupper);
}

// How the user would write the flag: --name=HINT, or --name for a boolean.
std::string example(const internal::Flag& flag)
{
  return "--" + flag.name + (flag.boolean ? "" : "=" + std::string(flag.hint));
}

}  // namespace

Try<Nothing> FlagSet::load(const std::vector<std::string>& args)
{
  return load(args, processEnvironment());
}

Try<Nothing> FlagSet::load(const std::vector<std::string>& args, const Environment& environment)
{
  warnings_.clear();

  // --help wins over every error, so that it works with a half-typed command.
  for (const std::string& arg : args) {
    const std::string token = trim(arg);
    if (token == "--help" || token == "--help=true" || token == "--help=1") help_ = true;
  }

  Try<Nothing> loaded = loadCommandLine(args);
  if (loaded) loaded = loadEnvironment(environment, "NUCLEUS_", FlagSource::NucleusEnvironment);
  if (loaded) loaded = loadEnvironment(environment, "MESOS_", FlagSource::MesosEnvironment);
  if (loaded) loaded = checkAll();
  return loaded;
}

Try<Nothing> FlagSet::loadCommandLine(const std::vector<std::string>& args)
{
  for (size_t i = 0; i < args.size(); ++i) {
    // As Mesos, surrounding whitespace in an argument is ignored.
    const std::string arg = trim(args[i]);
    const size_t equals = arg.find('=');
    const std::string name = arg.starts_with("--") ? lower(arg.substr(2, equals - 2)) : "";
    if (name.empty()) {
      std::string message = "Unexpected argument '" + args[i] + "'; flags are written --name=value";
      if (arg.starts_with("-") && !arg.starts_with("--") && arg.size() > 1) {
        message += " (with two dashes: '-" + arg + "')";
      }
      return Error(message);
    }
    std::optional<std::string> value;
    if (equals != std::string::npos) value = arg.substr(equals + 1);

    const bool negated = name.starts_with("no-");
    const std::string flagName = negated ? name.substr(3) : name;
    internal::Flag* flag = find(flagName);
    if (flag == nullptr) return unknownFlag(flagName, negated);

    if (flag->source == FlagSource::CommandLine) {
      return Error("Flag '" + flagName + "' is already loaded via name '" + flag->loadedName +
                   "'; give it only once");
    }

    std::string text;
    if (!flag->boolean) {
      if (negated) {
        return Error("Failed to load non-boolean flag '" + flagName + "' via '" + name +
                     "': only boolean flags take the 'no-' prefix");
      }
      if (value) {
        text = *value;
      } else if (i + 1 < args.size() && !trim(args[i + 1]).starts_with("--")) {
        text = trim(args[++i]);  // --name value
      } else {
        return Error("Failed to load non-boolean flag '" + flagName + "': missing value; write " +
                     example(*flag));
      }
    } else if (!value || value->empty()) {
      text = negated ? "false" : "true";
    } else if (negated) {
      return Error("Failed to load boolean flag '" + flagName + "' via '" + name +
                   "' with value '" + *value + "'; write --" + flagName + "=" + *value +
                   " or --no-" + flagName);
    } else {
      text = *value;
    }

    Try<Nothing> assigned = assign(*flag, flagName, text, FlagSource::CommandLine, "");
    if (!assigned) return assigned;
  }
  return Nothing{};
}

Try<Nothing> FlagSet::loadEnvironment(const Environment& environment, std::string_view prefix,
                                      FlagSource source)
{
  for (const auto& [key, value] : environment) {
    if (!key.starts_with(prefix)) continue;
    const std::string name = lower(std::string_view(key).substr(prefix.size()));

    // As Mesos: a variable naming no flag of this set is ignored (master and
    // agent read one environment), and an earlier source wins.
    internal::Flag* flag = find(name);
    if (flag == nullptr || flag->source != FlagSource::Default) continue;

    // As Mesos: an empty value turns a boolean on, like a bare --name.
    const std::string text = flag->boolean && value.empty() ? "true" : value;
    Try<Nothing> assigned = assign(*flag, name, text, source, " from environment variable " + key);
    if (!assigned) return assigned;
  }
  return Nothing{};
}

Try<Nothing> FlagSet::assign(internal::Flag& flag, std::string_view usedName, std::string_view text,
                             FlagSource source, std::string origin)
{
  const std::string failed = "Failed to load flag '" + std::string(usedName) + "'" + origin + ": ";

  Try<FetchedValue> fetched = fetch(text, flag.fetch);
  if (!fetched) return Error(failed + fetched.error().message);

  Try<Nothing> parsed = flag.assign(*this, fetched->text);
  if (!parsed) {
    const std::string shown = flag.secret ? std::string(kHidden) : fetched->text;
    const std::string where = fetched->path ? " in file '" + *fetched->path + "'" : "";
    return Error(failed + "invalid value '" + shown + "'" + where + ": " + parsed.error().message);
  }

  flag.source = source;
  flag.loadedName = usedName;
  flag.loadedText = std::move(fetched->text);
  flag.origin = std::move(origin);
  if (usedName != flag.name) {
    warnings_.push_back("Flag '" + std::string(usedName) + "' is deprecated; use '" + flag.name +
                        "' instead");
  }
  return Nothing{};
}

Try<Nothing> FlagSet::checkAll() const
{
  for (const auto& [name, flag] : flags_) {
    if (flag.required && flag.source == FlagSource::Default) {
      return Error("Flag '" + name + "' is required, but it was not provided; pass " +
                   example(flag) + " or set NUCLEUS_" + upper(name));
    }
    if (!flag.validate) continue;

    Try<Nothing> valid = flag.validate(*this);
    if (!valid) {
      const std::string usedName = flag.loadedName.empty() ? name : flag.loadedName;
      const std::string origin =
          flag.source == FlagSource::Default ? " (its default)" : flag.origin;
      const std::string given =
          flag.source == FlagSource::Default ? flag.print(*this).value_or("") : flag.loadedText;
      const std::string shown = flag.secret ? std::string(kHidden) : given;
      return Error("Failed to load flag '" + usedName + "'" + origin + ": invalid value '" + shown +
                   "': " + valid.error().message);
    }
  }
  return Nothing{};
}

Error FlagSet::unknownFlag(std::string_view name, bool negated) const
{
  std::string message = "Failed to load unknown flag '" + std::string(name) + "'";
  if (negated) message += " via 'no-" + std::string(name) + "'";

  std::vector<std::string> candidates;
  for (const auto& [known, flag] : flags_) candidates.push_back(known);
  if (std::optional<std::string> guess = nearest(name, candidates)) {
    const bool boolean = flags_.find(*guess)->second.boolean;
    message += "; did you mean '--" + std::string(negated && boolean ? "no-" : "") + *guess + "'?";
  }
  return Error(message);
}

}  // namespace nucleus::flags
