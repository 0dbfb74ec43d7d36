#pragma once

// The authentication hook: a route may name a realm; when an Authenticator is
// installed for that realm, the server runs it before the route's handler.
// An authenticated request reaches the handler with Request::principal set;
// otherwise the client gets 401 (with the authenticator's WWW-Authenticate
// challenge) or 403, and the handler never runs. A realm without an installed
// authenticator lets requests through unauthenticated, as Mesos does when HTTP
// authentication is disabled.
//
// Thread safety: the server calls authenticate() from any io thread, possibly
// concurrently; implementations must not block (do blocking work on the
// runtime's blocking pool or on an actor and return the future).

#include <string>

#include "kernel/http/request.hpp"
#include "kernel/runtime/future.hpp"

namespace nucleus::http {

struct AuthenticationResult {
  enum class Kind { Authenticated, Unauthorized, Forbidden };

  Kind kind = Kind::Unauthorized;
  std::string principal;  // Authenticated: who the client is
  std::string challenge;  // Unauthorized: the WWW-Authenticate value ("Basic realm=\"mesos\"")
  std::string message;    // Unauthorized, Forbidden: the text body for the client

  static AuthenticationResult authenticated(std::string principal)
  {
    return {Kind::Authenticated, std::move(principal), {}, {}};
  }
  static AuthenticationResult unauthorized(std::string challenge, std::string message)
  {
    return {Kind::Unauthorized, {}, std::move(challenge), std::move(message)};
  }
  static AuthenticationResult forbidden(std::string message)
  {
    return {Kind::Forbidden, {}, {}, std::move(message)};
  }
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // The scheme it implements ("Basic"), for logs.
  virtual std::string scheme() const = 0;

  // Decides who sent `request`. A failed future answers 500 to the client.
  virtual Future<AuthenticationResult> authenticate(const Request& request) = 0;
};

}  // namespace nucleus::http
