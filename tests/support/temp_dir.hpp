#pragma once

// Test helpers: a temporary directory removed on destruction, waiting on a
// condition with a deadline (never a bare sleep), and a free loopback port.
//
// Thread safety: TempDir is not shared between threads; the functions are.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace nucleus::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

  // Writes `content` to `name` inside the directory and returns its path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// Polls `condition` until it holds or `timeout` passes; returns whether it held.
bool waitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(20));

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int freePort();

// An environment variable, or `fallback` when unset.
std::string env(const char* name, const std::string& fallback = "");

std::string readFile(const std::filesystem::path& path);

}  // namespace nucleus::testing
