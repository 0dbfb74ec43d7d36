#include "kernel/common/version.hpp"

#include <ctime>

namespace nucleus {

std::string nucleusVersion() { return NUCLEUS_VERSION; }

std::string gitSha() { return NUCLEUS_GIT_SHA; }

std::string buildDate()
{
  // As Mesos prints it: "2018-02-01 19:31:39".
  std::time_t seconds = static_cast<std::time_t>(buildTime());
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

double buildTime()
{
  std::tm tm{};
  // __DATE__ is "Mmm dd yyyy" and __TIME__ "hh:mm:ss".
  if (strptime((std::string(__DATE__) + " " + __TIME__).c_str(), "%b %d %Y %H:%M:%S", &tm) ==
      nullptr) {
    return 0;
  }
  return static_cast<double>(timegm(&tm));
}

std::string buildUser()
{
return NUCLEUS_BUILD_USER;
}

}  // namespace nucleus
