#pragma once

// A module's parameters: the ordered key/value list from its manifest entry
// ({"key": "greeting", "value": "Hi"}), with lookups that return errors a
// module can hand straight back from its factory.
//
// Messages name the parameter and the fix; the loader prefixes them with the
// module, the library and the manifest.
//
// Thread safety: a plain value; const methods may be called concurrently.

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nucleus/module/abi.h"
#include "nucleus/module/try.hpp"

namespace nucleus::module {

struct Parameter {
  std::string key;
  std::string value;

  friend bool operator==(const Parameter&, const Parameter&) = default;
};

class Parameters {
 public:
  Parameters() = default;
  Parameters(std::vector<Parameter> entries) : entries_(std::move(entries)) {}
  Parameters(std::initializer_list<Parameter> entries) : entries_(entries) {}

  // Copies the C array handed to NucleusModuleCreateFn (NULL strings become "").
  static Parameters fromC(const NucleusModuleParameter* parameters, std::size_t count)
  {
    std::vector<Parameter> entries;
    entries.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      entries.push_back({parameters[i].key ? parameters[i].key : "",
                         parameters[i].value ? parameters[i].value : ""});
    }
    return Parameters(std::move(entries));
  }

  const std::vector<Parameter>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

  bool contains(std::string_view key) const { return find(key) != nullptr; }

  // The value of `key`; when a key is given twice the last one wins (as later
  // flags override earlier ones). Use allowOnly() to refuse repeats.
  std::optional<std::string> get(std::string_view key) const
  {
    const Parameter* found = find(key);
    if (found == nullptr) return std::nullopt;
    return found->value;
  }

  std::string getOr(std::string_view key, std::string fallback) const
  {
    const Parameter* found = find(key);
    return found == nullptr ? std::move(fallback) : found->value;
  }

  Try<std::string> require(std::string_view key) const
  {
    const Parameter* found = find(key);
    if (found == nullptr) {
      return Error("missing required parameter '" + std::string(key) + "'; add {\"key\": \"" +
                   std::string(key) + "\", \"value\": ...} to the module's \"parameters\"");
    }
    return found->value;
  }

  // Refuses a key outside `accepted`, and a key given twice, so a typo in a
  // manifest is an error instead of a silently ignored setting.
  Try<Nothing> allowOnly(std::initializer_list<std::string_view> accepted) const
  {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const std::string& key = entries_[i].key;
      if (std::find(accepted.begin(), accepted.end(), key) == accepted.end()) {
        return Error("unknown parameter '" + key + "'; " + describeAccepted(accepted));
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (entries_[j].key == key) {
          return Error("parameter '" + key + "' is given twice; give it once");
        }
      }
    }
    return Nothing{};
  }

  friend bool operator==(const Parameters&, const Parameters&) = default;

 private:
  const Parameter* find(std::string_view key) const
  {
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
      if (it->key == key) return &*it;
    }
    return nullptr;
  }

  static std::string describeAccepted(std::initializer_list<std::string_view> accepted)
  {
    if (accepted.size() == 0) return "this module accepts no parameters";
    std::string text = "accepted parameters: ";
    bool first = true;
    for (std::string_view key : accepted) {
      if (!first) text += ", ";
      text += key;
      first = false;
    }
    return text;
  }

  std::vector<Parameter> entries_;
};

}  // namespace nucleus::module
