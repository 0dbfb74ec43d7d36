#pragma once

// Reads and writes of fields Mesos 1.5 marks [deprecated = true] that clients
// still send and expect (FrameworkInfo.role for single-role frameworks). The
// generated accessors carry [[deprecated]], which -Werror turns into errors;
// this is the one place that silences that, on purpose.
//
// Thread safety: pure functions.

#include <string>

#include "mesos/v1/mesos.pb.h"

namespace nucleus::proto {

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

inline bool hasFrameworkRole(const mesos::v1::FrameworkInfo& info) { return info.has_role(); }
inline const std::string& frameworkRole(const mesos::v1::FrameworkInfo& info) { return info.role(); }
inline void setFrameworkRole(mesos::v1::FrameworkInfo* info, const std::string& role)
{
  info->set_role(role);
}

#pragma GCC diagnostic pop

}  // namespace nucleus::proto
