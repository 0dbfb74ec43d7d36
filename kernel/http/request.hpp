#pragma once

// An HTTP request as handlers see it (server side) and as the client sends it.
//
// On the server, the session fills every field: `target` is the raw
// request-target, `path` its percent-decoded path (what routing uses, so
// "/state?_ts=123" routes as "/state"), `query` the raw query string,
// `remoteAddress` the peer, `secure` whether it came over TLS, and
// `principal` whatever the route's realm authenticator returned.
//
// Thread safety: a plain value; no internal synchronisation.

#include <optional>
#include <string>

#include "kernel/http/headers.hpp"
#include "kernel/http/query.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::http {

struct Request {
  std::string method = "GET";
  std::string target = "/";  // raw, as on the request line: "/state?_ts=123"
  std::string path = "/";    // decoded, without the query: "/state"
  std::string query;         // raw, without the '?': "_ts=123"
  Headers headers;
  std::string body;

  // HTTP/1.1 keeps the connection by default; HTTP/1.0 only with `Connection: keep-alive`.
  bool keepAlive = true;
  int version = 11;  // 10 or 11

  std::string remoteAddress;             // "127.0.0.1:54321" (server side)
  bool secure = false;                   // arrived over TLS (server side)
  std::optional<std::string> principal;  // set by the route's realm authenticator

  // Sets target, path and query from a raw target; an error for a bad path encoding.
  Try<Nothing> setTarget(std::string rawTarget);

  // The parsed query string.
  Try<QueryParams> params() const { return parseQuery(query); }

  // Builders for the client: the target may carry a query ("/state?_ts=1").
  static Request get(std::string target);
  static Request post(std::string target, std::string body, std::string contentType);
  static Request make(std::string method, std::string target);
};

}  // namespace nucleus::http
