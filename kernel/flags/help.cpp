// FlagSet::help: the --help text. Laid out like Mesos' usage (a column of
// `--name=VALUE` / `--[no-]name`, then the help with "(default: x)"), but
// wrapped to fit an 80-column terminal.

#include <algorithm>
#include <sstream>

#include "kernel/flags/flag_set.hpp"

namespace nucleus::flags {

namespace {

constexpr size_t kWidth = 80;
constexpr size_t kMaxHelpColumn = 36;  // longer names put their help on the next line
constexpr size_t kGap = 3;
constexpr char kUnbreakableSpace = '\x01';  // keeps "(default: x)" on one line

// Splits `text` into lines of at most `width` characters at spaces, keeping
// the explicit line breaks (Mesos' help texts contain them).
std::vector<std::string> wrap(const std::string& text, size_t width)
{
  std::vector<std::string> lines;
  std::istringstream paragraphs(text);
  std::string paragraph;
  while (std::getline(paragraphs, paragraph)) {
    std::istringstream words(paragraph);
    std::string word;
    std::string line;
    while (words >> word) {
      if (!line.empty() && line.size() + 1 + word.size() > width) {
        lines.push_back(line);
        line.clear();
      }
      line += (line.empty() ? "" : " ") + word;
    }
    lines.push_back(line);
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

// Appends one line without trailing spaces.
void emit(std::string& out, std::string line)
{
  std::replace(line.begin(), line.end(), kUnbreakableSpace, ' ');
  while (line.ends_with(' ')) line.pop_back();
  out += line + "\n";
}

std::string nameColumn(const internal::Flag& flag)
{
  return flag.boolean ? "  --[no-]" + flag.name : "  --" + flag.name + "=" + std::string(flag.hint);
}

std::string helpText(const internal::Flag& flag)
{
  std::string suffix;
  if (flag.required) {
    suffix = "(required)";
  } else if (flag.defaultText && !flag.defaultText->empty() && !flag.secret) {
    suffix = "(default: " + *flag.defaultText + ")";
  }
  if (suffix.empty()) return flag.help;
  std::replace(suffix.begin(), suffix.end(), ' ', kUnbreakableSpace);
  if (flag.help.empty() || flag.help.ends_with('\n')) return flag.help + suffix;
  return flag.help + " " + suffix;
}

}  // namespace

std::string FlagSet::help(std::string_view usageLine) const
{
  size_t widest = 0;
  for (const auto& [name, flag] : flags_) widest = std::max(widest, nameColumn(flag).size());
  const size_t helpColumn = std::min(widest + kGap, kMaxHelpColumn);
  const std::string indent(helpColumn, ' ');

  std::string out(usageLine);
  out += "\n\n";
  for (const auto& [name, flag] : flags_) {
    const std::string column = nameColumn(flag);
    const std::vector<std::string> lines = wrap(helpText(flag), kWidth - helpColumn);

    size_t next = 0;
    if (column.size() + kGap <= helpColumn) {
      emit(out, column + std::string(helpColumn - column.size(), ' ') + lines[0]);
      next = 1;
    } else {
      emit(out, column);
    }
    for (; next < lines.size(); ++next) emit(out, indent + lines[next]);
  }
  return out;
}

}  // namespace nucleus::flags
