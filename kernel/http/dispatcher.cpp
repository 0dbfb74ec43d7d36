// ServerCore::dispatch: from a parsed request to a future response.

#include "kernel/common/logging.hpp"
#include "kernel/http/listener.hpp"
#include "kernel/http/server_core.hpp"

namespace nucleus::http::internal {

namespace {

// Calls the handler, turning a throw into a 500 so that one bad handler cannot
// take down an io thread.
Future<Response> invoke(const Handler& handler, Request request)
{
  std::string what = request.method + " " + request.path;
  try {
    return handler(std::move(request));
  } catch (const std::exception& e) {
    log::warning("HTTP handler for {} threw: {}", what, e.what());
    return Response::internalServerError("The handler for " + what + " failed: " + e.what());
  }
}

Future<Response> authenticated(const Handler& handler, Request request,
                               const std::shared_ptr<Authenticator>& authenticator)
{
  Future<AuthenticationResult> result;
  try {
    result = authenticator->authenticate(request);
  } catch (const std::exception& e) {
    return Response::internalServerError("Failed to authenticate the request to " + request.path +
                                         ": " + e.what());
  }
  return result.then([handler, request = std::move(request)](
                         const AuthenticationResult& outcome) mutable -> Future<Response> {
    switch (outcome.kind) {
      case AuthenticationResult::Kind::Authenticated:
        request.principal = outcome.principal;
        return invoke(handler, std::move(request));
      case AuthenticationResult::Kind::Unauthorized:
        return Response::unauthorized(outcome.challenge, outcome.message);
      case AuthenticationResult::Kind::Forbidden:
        return Response::forbidden(outcome.message);
    }
    return Response::internalServerError("Unknown authentication outcome");
  });
}

}  // namespace

Future<Response> ServerCore::dispatch(Request request) const
{
  Router::Match match = router_.match(request.method, request.path);
  if (!match.route) {
    if (match.allowed.empty()) {
      return Response::notFound("No endpoint at '" + request.path + "'");
    }
    return Response::methodNotAllowed(match.allowed, request.method);
  }

  const Route& route = *match.route;
  if (route.realm) {
    auto it = authenticators_.find(*route.realm);
    if (it != authenticators_.end()) {
      return authenticated(route.handler, std::move(request), it->second);
    }
  }
  return invoke(route.handler, std::move(request));
}

void ServerCore::sessionClosed(uint64_t id)
{
  connectionsOpen--;
  if (auto l = listener.lock()) send(l, [id](Listener& self) { self.sessionClosed(id); });
}

}  // namespace nucleus::http::internal
