// Ids, commands, containers, checks and UUIDs as Mesos 1.5's
// common/validation.cpp, checks/checker.cpp and checks/health_checker.cpp.
#include <algorithm>
#include <cctype>
#include <climits>

#include "kernel/master/validation/validation_internal.hpp"

namespace nucleus::master::validation {

Try<Nothing> validateId(const std::string& id)
{
  if (id.empty()) return Error("ID must not be empty");
  if (id.length() > NAME_MAX) {
    return Error("ID must not be greater than " + std::to_string(NAME_MAX) + " characters");
  }
  if (id == "." || id == "..") return Error("'" + id + "' is disallowed");
  // Ids become directory names on agents: no control characters or separators.
  bool invalid = std::any_of(id.begin(), id.end(), [](char c) {
    return std::iscntrl(static_cast<unsigned char>(c)) || c == '/' || c == '\\';
  });
  if (invalid) return Error("'" + id + "' contains invalid characters");
  return Nothing{};
}

namespace internal {

std::string setText(const std::set<std::string>& items)
{
  std::string out = "{ ";
  bool first = true;
  for (const std::string& item : items) {
    if (!first) out += ", ";
    out += item;
    first = false;
  }
  return out + " }";
}

bool hasCapability(const mesos::v1::FrameworkInfo& info,
                   mesos::v1::FrameworkInfo::Capability::Type capability)
{
  return std::any_of(info.capabilities().begin(), info.capabilities().end(),
                     [&](const auto& c) { return c.type() == capability; });
}

namespace {

Try<Nothing> validateSecret(const mesos::v1::Secret& secret)
{
  using mesos::v1::Secret;
  switch (secret.type()) {
    case Secret::REFERENCE:
      if (!secret.has_reference()) {
        return Error("Secret of type REFERENCE must have the 'reference' field set");
      }
      if (secret.has_value()) {
        return Error("Secret '" + secret.reference().name() +
                     "' of type REFERENCE must not have the 'value' field set");
      }
      break;
    case Secret::VALUE:
      if (!secret.has_value()) return Error("Secret of type VALUE must have the 'value' field set");
      if (secret.has_reference()) {
        return Error("Secret of type VALUE must not have the 'reference' field set");
      }
      break;
    default:
      break;
  }
  return Nothing{};
}

Try<Nothing> validateEnvironment(const mesos::v1::Environment& environment)
{
  using Variable = mesos::v1::Environment::Variable;
  for (const Variable& variable : environment.variables()) {
    const std::string name = "Environment variable '" + variable.name() + "'";
    switch (variable.type()) {
      case Variable::SECRET: {
        if (!variable.has_secret()) return Error(name + " of type 'SECRET' must have a secret set");
        if (variable.has_value())
          return Error(name + " of type 'SECRET' must not have a value set");
        Try<Nothing> secret = validateSecret(variable.secret());
        if (!secret) return Error(name + " specifies an invalid secret: " + secret.error().message);
        if (variable.secret().value().data().find('\0') != std::string::npos) {
          return Error(name +
                       " specifies a secret containing null bytes, which is not allowed in the "
                       "environment");
        }
        break;
      }
      case Variable::VALUE:
        if (!variable.has_value()) return Error(name + " of type 'VALUE' must have a value set");
        if (variable.has_secret())
          return Error(name + " of type 'VALUE' must not have a secret set");
        break;
      default:
        return Error("Environment variable of type 'UNKNOWN' is not allowed");
    }
  }
  return Nothing{};
}

Try<Nothing> validateVolume(const mesos::v1::Volume& volume)
{
  using Source = mesos::v1::Volume::Source;
  int count = (volume.has_host_path() ? 1 : 0) + (volume.has_image() ? 1 : 0) +
              (volume.has_source() ? 1 : 0);
  if (count != 1) return Error("Only one of them should be set: 'host_path', 'image' and 'source'");
  if (!volume.has_source()) return Nothing{};
  const Source& source = volume.source();
  switch (source.type()) {
    case Source::DOCKER_VOLUME:
      if (!source.has_docker_volume()) {
        return Error("'source.docker_volume' is not set for DOCKER_VOLUME volume");
      }
      break;
    case Source::HOST_PATH:
      if (!source.has_host_path())
        return Error("'source.host_path' is not set for HOST_PATH volume");
      break;
    case Source::SANDBOX_PATH:
      if (!source.has_sandbox_path()) {
        return Error("'source.sandbox_path' is not set for SANDBOX_PATH volume");
      }
      break;
    case Source::SECRET:
      if (!source.has_secret()) return Error("'source.secret' is not set for SECRET volume");
      break;
    default:
      return Error("'source.type' is unknown");
  }
  return Nothing{};
}

bool startsWithSlash(const std::string& path)
{
  return !path.empty() && path[0] == '/';
}

std::string commandKind(const mesos::v1::CommandInfo& command)
{
  return command.shell() ? "'shell command'" : "'executable path'";
}

}  // namespace

Try<Nothing> validateCommandInfo(const mesos::v1::CommandInfo& command)
{
  return validateEnvironment(command.environment());
}

Try<Nothing> validateContainerInfo(const mesos::v1::ContainerInfo& container)
{
  for (const auto& volume : container.volumes()) {
    Try<Nothing> valid = validateVolume(volume);
    if (!valid) return Error("Invalid volume: " + valid.error().message);
  }
  return Nothing{};
}

Try<Nothing> validateCheckInfo(const mesos::v1::CheckInfo& check)
{
  using mesos::v1::CheckInfo;
  if (!check.has_type()) return Error("CheckInfo must specify 'type'");
  switch (check.type()) {
    case CheckInfo::COMMAND: {
      if (!check.has_command()) return Error("Expecting 'command' to be set for COMMAND check");
      const auto& command = check.command().command();
      if (!command.has_value()) return Error("Command check must contain " + commandKind(command));
      Try<Nothing> valid = validateCommandInfo(command);
      if (!valid) return Error("Check's `CommandInfo` is invalid: " + valid.error().message);
      break;
    }
    case CheckInfo::HTTP:
      if (!check.has_http()) return Error("Expecting 'http' to be set for HTTP check");
      if (check.http().has_path() && !startsWithSlash(check.http().path())) {
        return Error("The path '" + check.http().path() + "' of HTTP check must start with '/'");
      }
      break;
    case CheckInfo::TCP:
      if (!check.has_tcp()) return Error("Expecting 'tcp' to be set for TCP check");
      break;
    default:
      return Error("'" + CheckInfo::Type_Name(check.type()) + "' is not a valid check type");
  }
  if (check.has_delay_seconds() && check.delay_seconds() < 0.0) {
    return Error("Expecting 'delay_seconds' to be non-negative");
  }
  if (check.has_interval_seconds() && check.interval_seconds() < 0.0) {
    return Error("Expecting 'interval_seconds' to be non-negative");
  }
  if (check.has_timeout_seconds() && check.timeout_seconds() < 0.0) {
    return Error("Expecting 'timeout_seconds' to be non-negative");
  }
  return Nothing{};
}

Try<Nothing> validateHealthCheck(const mesos::v1::HealthCheck& check)
{
  using mesos::v1::HealthCheck;
  if (!check.has_type()) return Error("HealthCheck must specify 'type'");
  switch (check.type()) {
    case HealthCheck::COMMAND: {
      if (!check.has_command()) {
        return Error("Expecting 'command' to be set for COMMAND health check");
      }
      if (!check.command().has_value()) {
        return Error("Command health check must contain " + commandKind(check.command()));
      }
      Try<Nothing> valid = validateCommandInfo(check.command());
      if (!valid) return Error("Health check's `CommandInfo` is invalid: " + valid.error().message);
      break;
    }
    case HealthCheck::HTTP: {
      if (!check.has_http()) return Error("Expecting 'http' to be set for HTTP health check");
      const auto& http = check.http();
      if (http.has_scheme() && http.scheme() != "http" && http.scheme() != "https") {
        return Error("Unsupported HTTP health check scheme: '" + http.scheme() + "'");
      }
      if (http.has_path() && !startsWithSlash(http.path())) {
        return Error("The path '" + http.path() + "' of HTTP health check must start with '/'");
      }
      break;
    }
    case HealthCheck::TCP:
      if (!check.has_tcp()) return Error("Expecting 'tcp' to be set for TCP health check");
      break;
    default:
      return Error("'" + HealthCheck::Type_Name(check.type()) +
                   "' is not a valid health check type");
  }
  if (check.has_delay_seconds() && check.delay_seconds() < 0.0) {
    return Error("Expecting 'delay_seconds' to be non-negative");
  }
  if (check.has_grace_period_seconds() && check.grace_period_seconds() < 0.0) {
    return Error("Expecting 'grace_period_seconds' to be non-negative");
  }
  if (check.has_interval_seconds() && check.interval_seconds() < 0.0) {
    return Error("Expecting 'interval_seconds' to be non-negative");
  }
  if (check.has_timeout_seconds() && check.timeout_seconds() < 0.0) {
    return Error("Expecting 'timeout_seconds' to be non-negative");
  }
  return Nothing{};
}

Try<Nothing> validateCheckStatusInfo(const mesos::v1::CheckStatusInfo& status)
{
  using mesos::v1::CheckInfo;
  if (!status.has_type()) return Error("CheckStatusInfo must specify 'type'");
  switch (status.type()) {
    case CheckInfo::COMMAND:
      if (!status.has_command()) {
        return Error("Expecting 'command' to be set for COMMAND check's status");
      }
      break;
    case CheckInfo::HTTP:
      if (!status.has_http()) return Error("Expecting 'http' to be set for HTTP check's status");
      break;
    case CheckInfo::TCP:
      if (!status.has_tcp()) return Error("Expecting 'tcp' to be set for TCP check's status");
      break;
    default:
      return Error("'" + CheckInfo::Type_Name(status.type()) +
                   "' is not a valid check's status type");
  }
  return Nothing{};
}

Try<Nothing> validateUuid(const std::string& bytes)
{
  if (bytes.size() != 16) return Error("Not a valid UUID");
  // Boost's uuid::version(): the high nibble of byte 6 must name versions 1-5.
  int version = (static_cast<unsigned char>(bytes[6]) >> 4) & 0x0F;
  if (version < 1 || version > 5) return Error("Not a valid UUID");
  return Nothing{};
}

}  // namespace internal
}  // namespace nucleus::master::validation
