#include "kernel/common/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <algorithm>
#include <cctype>

namespace nucleus::log {

namespace {
spdlog::level::level_enum toSpdlog(Level level)
{
  switch (level) {
    case Level::Debug: return spdlog::level::debug;
    case Level::Info: return spdlog::level::info;
    case Level::Warning: return spdlog::level::warn;
    case Level::Error: return spdlog::level::err;
  }
  return spdlog::level::info;
}
}  // namespace

Try<Level> parseLevel(std::string_view name)
{
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper == "DEBUG") return Level::Debug;
  if (upper == "INFO") return Level::Info;
  if (upper == "WARNING") return Level::Warning;
  if (upper == "ERROR") return Level::Error;
  return Error("Unknown logging level '" + std::string(name) +
               "'; use one of DEBUG, INFO, WARNING, ERROR");
}

std::string_view levelName(Level level)
{
  switch (level) {
    case Level::Debug: return "DEBUG";
    case Level::Info: return "INFO";
    case Level::Warning: return "WARNING";
    case Level::Error: return "ERROR";
  }
  return "INFO";
}

void setLevel(Level level) { spdlog::set_level(toSpdlog(level)); }

void logToStderr()
{
  const spdlog::level::level_enum current = spdlog::get_level();
  auto logger = spdlog::stderr_color_mt("nucleus");
  spdlog::set_default_logger(logger);
  spdlog::set_level(current);
}

Level level()
{
  switch (spdlog::get_level()) {
    case spdlog::level::trace:
    case spdlog::level::debug: return Level::Debug;
    case spdlog::level::info: return Level::Info;
    case spdlog::level::warn: return Level::Warning;
    default: return Level::Error;
  }
}

void write(Level level, std::string_view line) { spdlog::log(toSpdlog(level), "{}", line); }

}  // namespace nucleus::log
