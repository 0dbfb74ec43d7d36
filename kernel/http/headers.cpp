#include "kernel/http/headers.hpp"

#include <algorithm>

namespace nucleus::http {

namespace {
char lower(char c)
{
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> Headers::get(std::string_view name) const
{
  for (const auto& [n, v] : fields_) {
    if (equalsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::vector<std::string_view> Headers::getAll(std::string_view name) const
{
  std::vector<std::string_view> values;
  for (const auto& [n, v] : fields_) {
    if (equalsIgnoreCase(n, name)) values.emplace_back(v);
  }
  return values;
}

void Headers::set(std::string name, std::string value)
{
  auto first = std::find_if(fields_.begin(), fields_.end(),
                            [&](const Field& f) { return equalsIgnoreCase(f.first, name); });
  if (first == fields_.end()) {
    fields_.emplace_back(std::move(name), std::move(value));
    return;
  }
  *first = Field(std::move(name), std::move(value));
  auto rest = std::remove_if(std::next(first), fields_.end(), [&](const Field& f) {
    return equalsIgnoreCase(f.first, first->first);
  });
  fields_.erase(rest, fields_.end());
}

void Headers::add(std::string name, std::string value)
{
  fields_.emplace_back(std::move(name), std::move(value));
}

size_t Headers::remove(std::string_view name)
{
  auto rest = std::remove_if(fields_.begin(), fields_.end(),
                             [&](const Field& f) { return equalsIgnoreCase(f.first, name); });
  size_t removed = static_cast<size_t>(fields_.end() - rest);
  fields_.erase(rest, fields_.end());
  return removed;
}

}  // namespace nucleus::http
