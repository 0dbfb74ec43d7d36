#include "kernel/flags/suggest.hpp"

#include <algorithm>

namespace nucleus::flags {

size_t editDistance(std::string_view a, std::string_view b)
{
  // Optimal string alignment distance, one row per character of `a`.
  const size_t columns = b.size() + 1;
  std::vector<size_t> twoBack(columns), previous(columns), current(columns);
  for (size_t j = 0; j < columns; ++j) previous[j] = j;

  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], twoBack[j - 2] + 1);
      }
    }
    twoBack.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

std::optional<std::string> nearest(std::string_view typed,
                                   const std::vector<std::string>& candidates)
{
  const size_t limit = std::clamp<size_t>(typed.size() / 3, 1, 3);
  std::optional<std::string> best;
  size_t bestDistance = limit + 1;
  for (const std::string& candidate : candidates) {
    const size_t distance = editDistance(typed, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

}  // namespace nucleus::flags
