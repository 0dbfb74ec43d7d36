#include "kernel/flags/validators.hpp"

#include <algorithm>

namespace nucleus::flags {

Validator<std::string> oneOf(std::vector<std::string> choices)
{
  return [choices = std::move(choices)](const std::string& value) -> Try<Nothing> {
    if (std::find(choices.begin(), choices.end(), value) != choices.end()) return Nothing{};
    std::string list;
    for (size_t i = 0; i < choices.size(); ++i) {
      list += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
    }
    return Error("must be one of " + list);
  };
}

}  // namespace nucleus::flags
