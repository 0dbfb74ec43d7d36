#include "kernel/loader/module_host.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "kernel/common/logging.hpp"
#include "kernel/common/version.hpp"

namespace nucleus::loader {

ModuleHost::ModuleHost(Runtime& runtime, std::string moduleName)
    : runtime_(runtime),
      strand_(runtime.makeStrand()),
      moduleName_(std::move(moduleName)),
      version_(nucleus::nucleusVersion())  // the free function, not the member
{
}

void ModuleHost::log(Level level, std::string_view message) noexcept
{
  try {
    std::string line = "[module " + moduleName_ + "] " + std::string(message);
    switch (level) {
      case Level::Debug: log::write(log::Level::Debug, line); break;
      case Level::Info: log::write(log::Level::Info, line); break;
      case Level::Warning: log::write(log::Level::Warning, line); break;
      case Level::Error: log::write(log::Level::Error, line); break;
    }
  } catch (...) {
    // Logging must never throw into a module.
  }
}

void ModuleHost::guarded(const std::string& moduleName, const std::function<void()>& work) noexcept
{
  try {
    work();
  } catch (const std::exception& e) {
    log::error("Module '{}' let an exception escape posted work: {}", moduleName, e.what());
  } catch (...) {
    log::error("Module '{}' let an unknown exception escape posted work", moduleName);
  }
}

void ModuleHost::post(std::function<void()> work) noexcept
{
  try {
    boost::asio::post(strand_, [alive = std::weak_ptr<bool>(alive_), name = moduleName_,
                                work = std::move(work)] {
      if (alive.lock()) guarded(name, work);
    });
  } catch (...) {
    log::error("Module '{}': could not post work (out of memory?)", moduleName_);
  }
}

void ModuleHost::delay(std::chrono::milliseconds after, std::function<void()> work) noexcept
{
  try {
    auto timer = std::make_shared<boost::asio::steady_timer>(runtime_.io(), after);
    timer->async_wait(boost::asio::bind_executor(
        strand_, [timer, alive = std::weak_ptr<bool>(alive_), name = moduleName_,
                  work = std::move(work)](const boost::system::error_code& ec) {
          if (!ec && alive.lock()) guarded(name, work);
        }));
  } catch (...) {
    log::error("Module '{}': could not arm a timer (out of memory?)", moduleName_);
  }
}

void ModuleHost::blocking(std::function<void()> work) noexcept
{
  try {
    boost::asio::post(runtime_.blockingExecutor(),
                      [name = moduleName_, work = std::move(work)] { guarded(name, work); });
  } catch (...) {
    log::error("Module '{}': could not queue blocking work (out of memory?)", moduleName_);
  }
}

std::string_view ModuleHost::nucleusVersion() const noexcept { return version_; }

}  // namespace nucleus::loader
