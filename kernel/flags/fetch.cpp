#include "kernel/flags/fetch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace nucleus::flags {

namespace {

constexpr std::string_view kFilePrefix = "file://";

Try<std::string> readFile(const std::string& path)
{
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error("cannot read file '" + path + "': " + std::strerror(errno));

  std::string content;
  char buffer[4096];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return Error("cannot read file '" + path + "': " + std::strerror(error));
    }
    content.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return content;
}

std::string trimmed(const std::string& text)
{
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::string withoutFinalLineBreak(std::string text)
{
  if (text.ends_with('\n')) text.pop_back();
  if (text.ends_with('\r')) text.pop_back();
  return text;
}

}  // namespace

Try<FetchedValue> fetch(std::string_view value, Fetch mode)
{
  if (mode == Fetch::Never || !value.starts_with(kFilePrefix)) {
    return FetchedValue{std::string(value), std::nullopt};
  }

  const std::string path(value.substr(kFilePrefix.size()));
  if (path.empty()) return Error("'" + std::string(value) + "' names no file");

  Try<std::string> content = readFile(path);
  if (!content) return content.error();

  std::string text = mode == Fetch::Token ? trimmed(*content) : withoutFinalLineBreak(*content);
  return FetchedValue{std::move(text), path};
}

}  // namespace nucleus::flags
