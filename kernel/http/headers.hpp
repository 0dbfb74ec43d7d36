#pragma once

// HTTP header fields: an ordered list of (name, value) pairs with
// case-insensitive lookup. Order and repetition are kept because clients send
// repeated fields (several `Accept` lines) and names in any case (Mesos
// clients send `mesos-stream-id` in lower case).
//
// Thread safety: a plain value; no internal synchronisation.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nucleus::http {

// ASCII case-insensitive equality, as field names compare (RFC 7230 3.2).
bool equalsIgnoreCase(std::string_view a, std::string_view b);

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<Field> fields) : fields_(fields) {}

  // The first value of `name`, if present.
  std::optional<std::string_view> get(std::string_view name) const;

  // Every value of `name`, in the order received.
  std::vector<std::string_view> getAll(std::string_view name) const;

  bool has(std::string_view name) const { return get(name).has_value(); }

  // Replaces every field called `name` with one field (kept at the first one's place).
  void set(std::string name, std::string value);

  // Appends a field, keeping any existing ones of the same name.
  void add(std::string name, std::string value);

  // Removes every field called `name`; returns how many were removed.
  size_t remove(std::string_view name);

  size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Field>::const_iterator end() const { return fields_.end(); }

 private:
  std::vector<Field> fields_;
};

}  // namespace nucleus::http
