#include "kernel/app/daemon_flags.hpp"

#include "kernel/common/logging.hpp"
#include "kernel/flags/validators.hpp"

namespace nucleus::app {

namespace {

Try<Nothing> validLoggingLevel(const std::string& level)
{
  Try<log::Level> parsed = log::parseLevel(level);
  if (!parsed) return parsed.error();
  return Nothing{};
}

}  // namespace

DaemonFlags::DaemonFlags(uint16_t defaultPort)
{
  add(&DaemonFlags::ip, "ip", "IP address to listen on (default: every address, 0.0.0.0).");
  add(&DaemonFlags::port, "port", "Port to listen on.", defaultPort).validate(flags::validPort);
  add(&DaemonFlags::workDir, "work_dir",
      "Directory for this daemon's state; created if missing and checked to be writable.");
  add(&DaemonFlags::modules, "modules",
      "Modules to load: a path to a JSON manifest, or the manifest itself as inline JSON\n"
      "(Mesos' format: {\"libraries\":[{\"file\":...,\"modules\":[{\"name\":...}]}]}).");
  add(&DaemonFlags::modulesDir, "modules_dir",
      "Directory of module manifests: every *.json in it is loaded, in name order.");
  add(&DaemonFlags::loggingLevel, "logging_level",
      "Lowest level logged: DEBUG, INFO, WARNING or ERROR.", std::string("INFO"))
      .validate(validLoggingLevel);
  add(&DaemonFlags::defaultModules, "default_modules",
      "Load the modules that ship with Nucleus (the DRF allocator, the posix isolators, ...)\n"
      "before --modules and --modules_dir.",
      true);

  add(&DaemonFlags::sslEnabled, "ssl_enabled", "Serve HTTPS only (TLS 1.2 or newer).", false);
  add(&DaemonFlags::sslCertFile, "ssl_cert_file", "PEM certificate chain of this server.");
  add(&DaemonFlags::sslKeyFile, "ssl_key_file", "PEM private key of --ssl_cert_file.");
  add(&DaemonFlags::sslCaFile, "ssl_ca_file",
      "PEM certificates of the CAs that client certificates must be signed by.");
  add(&DaemonFlags::sslRequireClientCert, "ssl_require_client_cert",
      "Refuse clients that do not present a certificate signed by --ssl_ca_file.", false);
}

http::TlsOptions DaemonFlags::tls() const
{
  http::TlsOptions options;
  options.enabled = sslEnabled;
  options.certFile = sslCertFile ? sslCertFile->string() : "";
  options.keyFile = sslKeyFile ? sslKeyFile->string() : "";
  options.caFile = sslCaFile ? sslCaFile->string() : "";
  options.requireClientCert = sslRequireClientCert;
  return options;
}

MasterFlags::MasterFlags() : DaemonFlags(5050) { master::addMasterFlags(*this, &MasterFlags::master); }

AgentFlags::AgentFlags() : DaemonFlags(5051) { agent::addAgentFlags(*this, &AgentFlags::agent); }

DevFlags::DevFlags() : DaemonFlags(5050)
{
  add(&DevFlags::agentPort, "agent_port", "Port of the agent.", uint16_t{5051})
      .validate(flags::validPort);
  master::addMasterFlags(*this, &DevFlags::master);
  agent::addAgentFlags(*this, &DevFlags::agent, agent::AgentFlagScope::BesideMaster);
}

}  // namespace nucleus::app
