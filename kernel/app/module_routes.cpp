#include "kernel/app/module_routes.hpp"

#include "kernel/common/logging.hpp"

namespace nucleus::app {

namespace {

module::HttpRequest toModule(const http::Request& request)
{
  module::HttpRequest out;
  out.method = request.method;
  out.path = request.path;
  out.query = request.query;
  for (const auto& [name, value] : request.headers) out.headers.emplace_back(name, value);
  out.body = request.body;
  return out;
}

http::Response fromModule(module::HttpResponse response)
{
  http::Response out;
  out.status = response.status;
  for (auto& [name, value] : response.headers) out.headers.add(name, value);
  out.body = std::move(response.body);
  return out;
}

}  // namespace

Try<Nothing> ModuleRoutes::mount(Runtime& runtime, const loader::ModuleLoader& loader,
                                 http::HttpServer& server)
{
  for (const std::string& name : loader.namesOfKind(module::HttpRoute::kKind)) {
    auto host = std::make_unique<ModuleHost>(runtime, name);
    auto created = loader.create<module::HttpRoute>(name, *host);
    if (!created) return created.error();
    std::shared_ptr<module::HttpRoute> route = std::move(*created);

    std::string path = route->path();
    ModuleHost* hostPtr = host.get();
    http::Handler handler = [route, hostPtr](http::Request request) {
      auto promise = std::make_shared<Promise<http::Response>>();
      hostPtr->post([route, promise, request = toModule(request)]() mutable {
        route->handle(std::move(request), [promise](module::HttpResponse response) {
          promise->set(fromModule(std::move(response)));
        });
      });
      return promise->future();
    };
    http::Route entry;
    entry.path = path;
    entry.handler = std::move(handler);
    Try<Nothing> added = server.addRoute(std::move(entry));
    if (!added) {
      return Error("Module '" + name + "' cannot serve '" + path + "': " + added.error().message +
                   "; give it another path in its manifest parameters");
    }
    log::info("Module '{}' serves {}", name, path);
    mounted_.push_back(Mounted{std::move(host), std::move(route)});
  }
  return Nothing{};
}

}  // namespace nucleus::app
