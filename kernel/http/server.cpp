#include "kernel/http/server.hpp"

#include "kernel/common/logging.hpp"
#include "kernel/http/listener.hpp"
#include "kernel/http/server_core.hpp"

namespace nucleus::http {

HttpServer::HttpServer(Runtime& runtime, Options options)
    : runtime_(runtime), options_(std::move(options))
{
}

HttpServer::~HttpServer()
{
  if (listener_) send(listener_, [](internal::Listener& listener) { (void)listener.stop(); });
}

Try<Nothing> HttpServer::addRoute(Route route)
{
  if (core_) {
    return Error("Failed to add route '" + route.path +
                 "': the HTTP server has started; declare routes before start()");
  }
  return router_.add(std::move(route));
}

Try<Nothing> HttpServer::addRoute(std::string method, std::string path, Handler handler,
                                  std::optional<std::string> realm)
{
  return addRoute(
      Route{std::move(path), {std::move(method)}, std::move(handler), std::move(realm)});
}

Try<Nothing> HttpServer::setAuthenticator(std::string realm,
                                          std::shared_ptr<Authenticator> authenticator)
{
  if (core_) {
    return Error("Failed to set the authenticator of realm '" + realm +
                 "': the HTTP server has started; set it before start()");
  }
  if (!authenticator)
    return Error("Failed to set the authenticator of realm '" + realm + "': null");
  authenticators_[std::move(realm)] = std::move(authenticator);
  return Nothing{};
}

Try<uint16_t> HttpServer::start()
{
  if (core_) return Error("The HTTP server already started on port " + std::to_string(port_));

  TlsContext tls;
  if (options_.tls.enabled) {
    Try<TlsContext> context = makeServerContext(options_.tls);
    if (!context) return context.error();
    tls = *context;
  }
  auto core = std::make_shared<internal::ServerCore>(runtime_, options_, router_, authenticators_,
                                                     std::move(tls));
  auto listener = spawn<internal::Listener>(runtime_, core);
  core->listener = listener;
  Try<uint16_t> port = listener->listen();
  if (!port) return port;

  core_ = std::move(core);
  listener_ = std::move(listener);
  port_ = *port;
  send(listener_, [](internal::Listener& l) { l.startAccepting(); });
  log::info("HTTP server listening on {}:{}{}", options_.ip, port_,
            options_.tls.enabled ? " (TLS)" : "");
  return port_;
}

Future<Nothing> HttpServer::stop()
{
  if (!listener_) return Nothing{};
  return dispatch(listener_, [](internal::Listener& l) { return l.stop(); });
}

HttpServer::Counters HttpServer::counters() const
{
  if (!core_) return {};
  return Counters{core_->connectionsAccepted.load(), core_->connectionsOpen.load(),
                  core_->requestsServed.load(), core_->requestsRejected.load()};
}

}  // namespace nucleus::http
