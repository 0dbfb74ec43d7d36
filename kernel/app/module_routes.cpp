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

// Answers the request exactly once: with the module's response, or with a 500
// when the module drops its `respond` callback without calling it.
class Responder {
 public:
  explicit Responder(std::string moduleName) : moduleName_(std::move(moduleName)) {}
  ~Responder()
  {
    promise_.set(http::Response::internalServerError(
        "Module '" + moduleName_ + "' dropped the request without answering it"));
  }
  void respond(module::HttpResponse response) { promise_.set(fromModule(std::move(response))); }
  Future<http::Response> future() const { return promise_.future(); }

 private:
  std::string moduleName_;
  Promise<http::Response> promise_;  // set() after the first completion does nothing
};

}  // namespace

Try<Nothing> ModuleRoutes::mount(Runtime& runtime, const loader::ModuleLoader& loader,
                                 http::HttpServer& server)
{
  for (const std::string& name : loader.namesOfKind(module::HttpRoute::kKind)) {
    auto host = std::make_unique<loader::ModuleHost>(runtime, name);
    auto created = loader.create<module::HttpRoute>(name, *host);
    if (!created) return created.error();
    std::shared_ptr<module::HttpRoute> route = std::move(*created);

    std::string path = route->path();
    loader::ModuleHost* hostPtr = host.get();
    http::Handler handler = [route, hostPtr, name](http::Request request) {
      auto responder = std::make_shared<Responder>(name);
      Future<http::Response> answer = responder->future();
      hostPtr->post([route, responder = std::move(responder), request = toModule(request)]() mutable {
        route->handle(std::move(request), [responder](module::HttpResponse response) {
          responder->respond(std::move(response));
        });
      });
      return answer;
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
