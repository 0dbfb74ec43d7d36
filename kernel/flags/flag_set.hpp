#pragma once

// FlagSet: the typed flags of one command (master, agent, dev, execute). A
// command declares a struct deriving from FlagSet whose members are the
// flags, registered in its constructor:
//
//   struct MasterFlags : flags::FlagSet {
//     MasterFlags()
//     {
//       add(&MasterFlags::port, "port", "Port to listen on.", 5050).validate(flags::validPort);
//       add(&MasterFlags::workDir, "work_dir", "Where to keep the registry.", flags::kRequired);
//       add(&MasterFlags::zk, "zk", "ZooKeeper URL of the masters' group.");  // optional
//       add(&MasterFlags::agentPingTimeout, "agent_ping_timeout", "...", 15s);
//       add(&MasterFlags::httpSecret, "http_secret", "...", "").secret();
//     }
//     uint16_t port;
//     std::filesystem::path workDir;
//     std::optional<std::string> zk;
//     Duration agentPingTimeout;
//     std::string httpSecret;
//   };
//
// A flag without a default is either a std::optional (absent until given) or
// marked flags::kRequired. Stock checks (validPort, atLeast, inRange, oneOf,
// nonEmpty) are in validators.hpp. Every set has --help (helpRequested()).
// Flags are stored as member pointers, not pointers into one object, so a
// loaded flag set can be copied.
//
// Sources, highest precedence first (as Mesos, plus our own prefix):
//   1. the command line: --name=value, --name value, --name / --no-name for
//      booleans. Unknown flags, repeated flags and positional arguments fail.
//   2. NUCLEUS_<NAME> environment variables, 3. MESOS_<NAME> ones (the
//      remainder after the prefix is matched case-insensitively). As in Mesos,
//      variables naming no flag of this set are ignored: master and agent
//      share one environment.
//   4. the default.
// Any value of the form file:///path is read from that file (see fetch.hpp),
// except for std::filesystem::path flags, which are never read, as in Mesos.
//
// Secret flags: their values never appear in /flags (values() shows "*****"
// in their place; an absent optional stays absent), in --help defaults, or in
// error messages. Command lines show in `ps`: give secrets as file:///path.
//
// Thread safety: load() once, on one thread, before sharing; afterwards the
// set is read-only and may be read from any thread.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernel/flags/flag.hpp"
#include "kernel/flags/flag_types.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::flags {

using Environment = std::map<std::string, std::string>;

// The environment of this process (environ), for load().
Environment processEnvironment();

// Marks a flag that has no default and must be given.
struct Required {};
inline constexpr Required kRequired{};

// A check run on a flag's value after loading; the error says what is wrong
// with the value ("must be from 1 to 65535"). See validators.hpp.
template <typename V>
using Validator = std::function<Try<Nothing>(const V&)>;

class FlagSet;

// Returned by FlagSet::add to refine the flag just registered.
template <typename V>
class FlagSpec {
 public:
  // Adds a check on the value (only when present, for an optional flag).
  FlagSpec& validate(Validator<V> check)
  {
    auto previous = std::move(flag_->validate);
    flag_->validate = [previous, get = get_, check](const FlagSet& set) -> Try<Nothing> {
      if (previous) {
        Try<Nothing> earlier = previous(set);
        if (!earlier) return earlier;
      }
      const V* value = get(set);
      if (value == nullptr) return Nothing{};
      return check(*value);
    };
    return *this;
  }

  // Hides the value from /flags, --help and error messages.
  FlagSpec& secret()
  {
    flag_->secret = true;
    return *this;
  }

  // Also accepts an older name (as Mesos accepts --slave_* names for --agent_*);
  // loading by it works and adds a warning.
  FlagSpec& deprecatedName(std::string name);

 private:
  friend class FlagSet;
  using Getter = std::function<const V*(const FlagSet&)>;

  FlagSpec(FlagSet& set, internal::Flag& flag, Getter get)
      : set_(&set), flag_(&flag), get_(std::move(get))
  {
  }

  FlagSet* set_;
  internal::Flag* flag_;
  Getter get_;
};

class FlagSet {
 public:
  FlagSet();

  // Loads `args` (the arguments after the command's name) and then the
  // environment. On an error the set is partly loaded and should not be used;
  // check helpRequested() first, so that `--help` works even when a required
  // flag is missing.
  Try<Nothing> load(const std::vector<std::string>& args);
  Try<Nothing> load(const std::vector<std::string>& args, const Environment& environment);

  // Whether --help was on the command line (checked before anything else loads).
  bool helpRequested() const { return help_; }

  // Every flag, sorted, with its help, value hint and default, under `usageLine`.
  std::string help(std::string_view usageLine) const;

  // Every flag's current value as /flags shows it, sorted by name. Absent
  // optional flags are left out (as Mesos does); secret ones read "*****".
  // A flag loaded by a deprecated name is listed under that name, as in Mesos.
  std::vector<std::pair<std::string, std::string>> values() const;

  // Whether the flag (by name or deprecated name) came from anywhere but its default.
  bool isSet(std::string_view name) const;
  // Where the flag's value came from; none for an unknown name.
  std::optional<FlagSource> source(std::string_view name) const;

  // Non-fatal notes from the last load(), e.g. deprecated names used.
  const std::vector<std::string>& warnings() const { return warnings_; }

 public:
  // Registration is public so that an area's flags (kernel/master/master_flags.hpp)
  // can be added to any command's set that holds them, see the grouped overloads.

  // Registers a flag with a default; the member is set to it now.
  template <typename Flags, typename T, typename D>
  requires(!std::is_same_v<std::decay_t<D>, Required>)
      FlagSpec<typename internal::Unwrap<T>::type> add(T Flags::*member, std::string name,
                                                       std::string help, D&& defaultValue)
  {
    using V = typename internal::Unwrap<T>::type;
    static_assert(!std::is_same_v<V, bool> || std::is_same_v<std::decay_t<D>, bool>,
                  "a boolean flag's default must be true or false");
    V value(std::forward<D>(defaultValue));
    internal::Flag flag = makeFlag<V>(std::move(name), std::move(help));
    flag.defaultText = FlagType<V>::print(value);
    self<Flags>().*member = std::move(value);
    return bind(member, std::move(flag));
  }

  // Registers a flag that must be given.
  template <typename Flags, typename T>
  FlagSpec<typename internal::Unwrap<T>::type> add(T Flags::*member, std::string name,
                                                   std::string help, Required)
  {
    using V = typename internal::Unwrap<T>::type;
    internal::Flag flag = makeFlag<V>(std::move(name), std::move(help));
    flag.required = true;
    return bind(member, std::move(flag));
  }

  // Registers an optional flag, absent until given.
  template <typename Flags, typename T>
  FlagSpec<typename internal::Unwrap<T>::type> add(T Flags::*member, std::string name,
                                                   std::string help)
  {
    static_assert(internal::Unwrap<T>::kOptional,
                  "a flag that is not std::optional needs a default or flags::kRequired");
    using V = typename internal::Unwrap<T>::type;
    self<Flags>().*member = std::nullopt;
    return bind(member, makeFlag<V>(std::move(name), std::move(help)));
  }


  // Grouped flags: `group` is a plain struct member of the set (for example the
  // master's settings, shared by `nucleus master` and `nucleus dev`) and `member`
  // a field of it. Same three forms as above.
  template <typename Flags, typename Group, typename T, typename D>
  requires(!std::is_same_v<std::decay_t<D>, Required>)
      FlagSpec<typename internal::Unwrap<T>::type> add(Group Flags::*group, T Group::*member,
                                                       std::string name, std::string help,
                                                       D&& defaultValue)
  {
    using V = typename internal::Unwrap<T>::type;
    static_assert(!std::is_same_v<V, bool> || std::is_same_v<std::decay_t<D>, bool>,
                  "a boolean flag's default must be true or false");
    V value(std::forward<D>(defaultValue));
    internal::Flag flag = makeFlag<V>(std::move(name), std::move(help));
    flag.defaultText = FlagType<V>::print(value);
    (self<Flags>().*group).*member = std::move(value);
    return bindWith<T>(GroupAccess<Flags, Group, T>{group, member}, std::move(flag));
  }

  template <typename Flags, typename Group, typename T>
  FlagSpec<typename internal::Unwrap<T>::type> add(Group Flags::*group, T Group::*member,
                                                   std::string name, std::string help, Required)
  {
    using V = typename internal::Unwrap<T>::type;
    internal::Flag flag = makeFlag<V>(std::move(name), std::move(help));
    flag.required = true;
    return bindWith<T>(GroupAccess<Flags, Group, T>{group, member}, std::move(flag));
  }

  template <typename Flags, typename Group, typename T>
  FlagSpec<typename internal::Unwrap<T>::type> add(Group Flags::*group, T Group::*member,
                                                   std::string name, std::string help)
  {
    static_assert(internal::Unwrap<T>::kOptional,
                  "a flag that is not std::optional needs a default or flags::kRequired");
    using V = typename internal::Unwrap<T>::type;
    (self<Flags>().*group).*member = std::nullopt;
    return bindWith<T>(GroupAccess<Flags, Group, T>{group, member},
                       makeFlag<V>(std::move(name), std::move(help)));
  }

 private:
  template <typename V>
  friend class FlagSpec;

  // Reaches a member of the set, directly or through a group; holds only member
  // pointers, never `this`, so that copies of the set stay correct.
  template <typename Flags, typename T>
  struct DirectAccess {
    T Flags::*member;
    T& operator()(FlagSet& set) const { return static_cast<Flags&>(set).*member; }
    const T& operator()(const FlagSet& set) const { return static_cast<const Flags&>(set).*member; }
  };
  template <typename Flags, typename Group, typename T>
  struct GroupAccess {
    Group Flags::*group;
    T Group::*member;
    T& operator()(FlagSet& set) const { return (static_cast<Flags&>(set).*group).*member; }
    const T& operator()(const FlagSet& set) const
    {
      return (static_cast<const Flags&>(set).*group).*member;
    }
  };

  template <typename Flags>
  Flags& self()
  {
    static_assert(std::is_base_of_v<FlagSet, Flags>, "flags must be members of a FlagSet");
    return static_cast<Flags&>(*this);
  }

  template <typename V>
  static internal::Flag makeFlag(std::string name, std::string help)
  {
    static_assert(FlagValue<V>, "no FlagType<> for this flag's type (see flag_types.hpp)");
    internal::Flag flag;
    flag.name = std::move(name);
    flag.help = std::move(help);
    flag.hint = FlagType<V>::kHint;
    flag.fetch = FlagType<V>::kFetch;
    flag.boolean = std::is_same_v<V, bool>;
    return flag;
  }

  template <typename Flags, typename T>
  FlagSpec<typename internal::Unwrap<T>::type> bind(T Flags::*member, internal::Flag flag)
  {
    static_assert(std::is_base_of_v<FlagSet, Flags>, "flags must be members of a FlagSet");
    return bindWith<T>(DirectAccess<Flags, T>{member}, std::move(flag));
  }

  // Type-erases access to the member through `access` (DirectAccess or GroupAccess).
  template <typename T, typename Access>
  FlagSpec<typename internal::Unwrap<T>::type> bindWith(Access access, internal::Flag flag)
  {
    using V = typename internal::Unwrap<T>::type;
    constexpr bool kOptional = internal::Unwrap<T>::kOptional;

    flag.assign = [access](FlagSet& set, std::string_view text) -> Try<Nothing> {
      Try<V> parsed = FlagType<V>::parse(text);
      if (!parsed) return parsed.error();
      access(set) = std::move(*parsed);
      return Nothing{};
    };
    auto get = [access](const FlagSet& set) -> const V* {
      const T& value = access(set);
      if constexpr (kOptional) {
        return value.has_value() ? &*value : nullptr;
      } else {
        return &value;
      }
    };
    flag.print = [get](const FlagSet& set) -> std::optional<std::string> {
      const V* value = get(set);
      if (value == nullptr) return std::nullopt;
      return FlagType<V>::print(*value);
    };
    internal::Flag& stored = insert(std::move(flag));
    return FlagSpec<V>(*this, stored, get);
  }

  internal::Flag& insert(internal::Flag flag);
  void addName(const std::string& name, const std::string& flagName);
  const internal::Flag* find(std::string_view name) const;
  internal::Flag* find(std::string_view name);

  // Loading steps (load.cpp).
  Try<Nothing> loadCommandLine(const std::vector<std::string>& args);
  Try<Nothing> loadEnvironment(const Environment& environment, std::string_view prefix,
                               FlagSource source);
  Try<Nothing> assign(internal::Flag& flag, std::string_view usedName, std::string_view text,
                      FlagSource source, std::string origin);
  Try<Nothing> checkAll() const;
  Error unknownFlag(std::string_view name, bool negated) const;

  std::map<std::string, internal::Flag, std::less<>> flags_;
  std::map<std::string, std::string, std::less<>> names_;  // every accepted name -> flag name
  std::vector<std::string> warnings_;
  bool help_ = false;
};

template <typename V>
FlagSpec<V>& FlagSpec<V>::deprecatedName(std::string name)
{
  set_->addName(name, flag_->name);
  flag_->deprecatedNames.push_back(std::move(name));
  return *this;
}

}  // namespace nucleus::flags
