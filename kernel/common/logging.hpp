#pragma once

// The one logging facade of the kernel. State transitions go at info, per-request
// detail at debug; secrets are never logged.
//
// Thread safety: every function may be called from any thread.

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

#include "nucleus/module/try.hpp"

namespace nucleus::log {

enum class Level { Debug, Info, Warning, Error };

// Parses Mesos' level names (INFO, WARNING, ERROR) and our DEBUG, case-insensitively.
Try<Level> parseLevel(std::string_view name);
std::string_view levelName(Level level);

void setLevel(Level level);
Level level();

// Sends the log to stderr, as Mesos' daemons and executors log (glog): stdout stays
// for what a command prints, and for a task's own output in an executor's sandbox.
// Called once at the start of main().
void logToStderr();

template <typename... Args>
void debug(spdlog::format_string_t<Args...> format, Args&&... args)
{
  spdlog::debug(format, std::forward<Args>(args)...);
}

template <typename... Args>
void info(spdlog::format_string_t<Args...> format, Args&&... args)
{
  spdlog::info(format, std::forward<Args>(args)...);
}

template <typename... Args>
void warning(spdlog::format_string_t<Args...> format, Args&&... args)
{
  spdlog::warn(format, std::forward<Args>(args)...);
}

template <typename... Args>
void error(spdlog::format_string_t<Args...> format, Args&&... args)
{
  spdlog::error(format, std::forward<Args>(args)...);
}

// Logs a preformatted line (used by the module host, whose text comes from modules).
void write(Level level, std::string_view line);

}  // namespace nucleus::log
