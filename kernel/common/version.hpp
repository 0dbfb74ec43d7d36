#pragma once

// Version facts served by /version and checked by the module loader.
//
// Thread safety: constants and pure functions.

#include <string>

namespace nucleus {

// Nucleus' own release (semantic version, from CMake's project()).
std::string nucleusVersion();

// The Mesos release whose APIs Nucleus speaks. Tools gate features on the
// `version` field of /version, so that field carries this value.
inline constexpr const char* kMesosApiVersion = "1.5.0";

// The build's git commit, or "" when built outside a git checkout.
std::string gitSha();

// Build date and time of this binary (__DATE__ / __TIME__ of version.cpp).
std::string buildDate();
double buildTime();  // Seconds since the epoch, as Mesos' /version reports it.
std::string buildUser();

}  // namespace nucleus
