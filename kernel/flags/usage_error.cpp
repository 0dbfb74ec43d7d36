#include "kernel/flags/usage_error.hpp"

#include <cstdio>
#include <cstdlib>

namespace nucleus::flags {

std::string usageErrorText(std::string_view command, const Error& error)
{
  const std::string program = command.empty() ? "nucleus" : "nucleus " + std::string(command);
  return program + ": " + error.message + "\nSee '" + program + " --help'.\n";
}

void exitWithUsageError(std::string_view command, const Error& error)
{
  const std::string text = usageErrorText(command, error);
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
  std::exit(EXIT_FAILURE);
}

}  // namespace nucleus::flags
