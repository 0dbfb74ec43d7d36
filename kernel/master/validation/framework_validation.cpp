// FrameworkInfo and SUBSCRIBE checks as Mesos 1.5 (framework::validate and
// Master::subscribe).
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>

#include "kernel/master/validation/validation_internal.hpp"

// FrameworkInfo.role is deprecated in mesos.proto; a non-MULTI_ROLE framework still uses it.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace nucleus::master::validation {

using mesos::v1::FrameworkInfo;

std::set<std::string> frameworkRoles(const FrameworkInfo& info)
{
  if (internal::hasCapability(info, FrameworkInfo::Capability::MULTI_ROLE)) {
    return {info.roles().begin(), info.roles().end()};
  }
  return {info.role()};  // "*" by default
}

Try<Nothing> validateFrameworkInfo(const FrameworkInfo& info)
{
  bool multiRole = internal::hasCapability(info, FrameworkInfo::Capability::MULTI_ROLE);
  if (multiRole && info.has_role()) {
    return Error("'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable");
  }
  if (!multiRole && info.roles_size() > 0) {
    return Error(
        "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
  }

  if (!multiRole) {
    Try<Nothing> valid = Resources::validateRole(info.role());
    if (!valid) return Error("'FrameworkInfo.role' is not a valid role: " + valid.error().message);
    return Nothing{};
  }

  std::set<std::string> seen;
  std::set<std::string> duplicates;
  for (const std::string& role : info.roles()) {
    if (!seen.insert(role).second) duplicates.insert(role);
  }
  if (!duplicates.empty()) {
    return Error("'FrameworkInfo.roles' contains duplicate items: " +
                 internal::setText(duplicates));
  }
  for (const std::string& role : info.roles()) {
    Try<Nothing> valid = Resources::validateRole(role);
    if (!valid) {
      return Error("'FrameworkInfo.roles' contains invalid role: " + valid.error().message);
    }
  }
  return Nothing{};
}

namespace {

// Mesos' isValidFailoverTimeout: Duration::create(seconds) must fit in int64 nanoseconds.
bool validFailoverTimeout(double seconds)
{
  if (std::isnan(seconds)) return false;
  double nanos = seconds * 1e9;
  return nanos <= static_cast<double>(std::numeric_limits<std::int64_t>::max()) &&
         nanos >= static_cast<double>(std::numeric_limits<std::int64_t>::min());
}

std::string doubleText(double value)
{
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

Try<Nothing> validateSubscribe(const mesos::v1::scheduler::Call::Subscribe& subscribe,
                               const SubscribeOptions& options)
{
  const FrameworkInfo& info = subscribe.framework_info();
  Try<Nothing> valid = validateFrameworkInfo(info);
  if (!valid) return valid;

  const std::set<std::string> roles = frameworkRoles(info);
  if (options.roleWhitelist) {
    std::set<std::string> invalid;
    for (const std::string& role : roles) {
      if (role != "*" && options.roleWhitelist->count(role) == 0) invalid.insert(role);
    }
    if (!invalid.empty()) {
      return Error("Roles " + internal::setText(invalid) + " are not present in master's --roles");
    }
  }

  for (const std::string& role : subscribe.suppressed_roles()) {
    if (roles.count(role) == 0) {
      return Error("Suppressed role '" + role + "' is not contained in the list of roles");
    }
  }

  if (info.user() == "root" && !options.rootSubmissions) {
    return Error("User 'root' is not allowed to run frameworks without --root_submissions set");
  }

  if (!validFailoverTimeout(info.failover_timeout())) {
    return Error("The framework failover_timeout (" + doubleText(info.failover_timeout()) +
                 ") is invalid");
  }
  return Nothing{};
}

}  // namespace nucleus::master::validation
