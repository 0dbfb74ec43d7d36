#include "kernel/app/daemon.hpp"

#include <fstream>

#include "kernel/app/endpoints.hpp"
#include "kernel/common/logging.hpp"

namespace nucleus::app {

namespace {

Try<Nothing> prepareWorkDir(const std::filesystem::path& dir)
{
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Error("Failed to create --work_dir '" + dir.string() + "': " + ec.message() +
                 "; choose a directory this user may create");
  }
  // A probe write tells a read-only or full disk now rather than at the first checkpoint.
  auto probe = dir / ".nucleus-write-probe";
  {
    std::ofstream out(probe);
    out << "probe";
    if (!out.flush()) {
      return Error("--work_dir '" + dir.string() + "' is not writable; choose a writable directory");
    }
  }
  std::filesystem::remove(probe, ec);
  return Nothing{};
}

}  // namespace

Daemon::Daemon(Runtime& runtime, std::string role, std::string processPrefix,
               const DaemonFlags& flags, uint16_t port)
    : runtime_(runtime),
      role_(std::move(role)),
      processPrefix_(std::move(processPrefix)),
      flags_(flags),
      port_(port)
{
}

Try<uint16_t> Daemon::start(const loader::ModuleLoader& modules, DaemonService service)
{
  service_ = std::move(service);
  http::ServerOptions options;
  options.ip = flags_.ip.value_or("0.0.0.0");
  options.port = port_;
  options.tls = flags_.tls();
  server_ = std::make_unique<http::HttpServer>(runtime_, options);

  Try<Nothing> routes = addBuiltinEndpoints(*server_, flags_, processPrefix_);
  if (!routes) return routes.error();
  Try<Nothing> mounted = moduleRoutes_.mount(runtime_, modules, *server_);
  if (!mounted) return mounted.error();
  if (service_.addRoutes) service_.addRoutes(*server_);

  Try<uint16_t> port = server_->start();
  if (!port) return Error("The " + role_ + " cannot serve: " + port.error().message);
  log::info("The {} serves {}://{}:{}", role_, options.tls.enabled ? "https" : "http", options.ip,
            *port);
  if (service_.start) {
    Try<Nothing> started = service_.start(options.ip, *port);
    if (!started) return Error("The " + role_ + " cannot start: " + started.error().message);
  }
  return port;
}

Future<Nothing> Daemon::stop()
{
  if (!server_) return Nothing{};
  log::info("Stopping the {}", role_);
  if (!service_.stop) return server_->stop();
  // The service first, so that it can still tell its peers it goes away.
  auto stopped = std::make_shared<Promise<Nothing>>();
  service_.stop().onAny([this, stopped](const Try<Nothing>& service) {
    if (!service) log::warning("The {} stopped with an error: {}", role_, service.error().message);
    server_->stop().onAny([stopped](const Try<Nothing>& server) { stopped->complete(server); });
  });
  return stopped->future();
}

Try<Nothing> prepareProcess(const DaemonFlags& flags, loader::ModuleLoader& modules)
{
  log::setLevel(*log::parseLevel(flags.loggingLevel));  // validated when the flags loaded
  for (const auto& warning : flags.warnings()) log::warning("{}", warning);

  if (flags.workDir) {
    Try<Nothing> workDir = prepareWorkDir(*flags.workDir);
    if (!workDir) return workDir;
  }
  if (flags.modules) {
    Try<Nothing> loaded = modules.loadFlag(*flags.modules);
    if (!loaded) return loaded;
  }
  if (flags.modulesDir) {
    Try<Nothing> loaded = modules.loadDirectory(*flags.modulesDir);
    if (!loaded) return loaded;
  }
  return Nothing{};
}

int serveUntilShutdown(Runtime& runtime, std::vector<Daemon*> daemons)
{
  for (Daemon* daemon : daemons) {
    runtime.onShutdown("http server", [daemon] { return daemon->stop(); });
  }
  runtime.waitForShutdown();
  return 0;
}

}  // namespace nucleus::app
