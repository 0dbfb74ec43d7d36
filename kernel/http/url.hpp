#pragma once

// Endpoints and URLs for the client: "http://10.0.0.1:5050/master/state",
// "https://[::1]:5051/", or a bare "host:port" (taken as http, the form of
// Mesos' --master flag).
//
// Thread safety: pure functions and plain values.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "nucleus/module/try.hpp"

namespace nucleus::http {

struct Endpoint {
  std::string scheme = "http";  // "http" or "https"
  std::string host;             // name or address (IPv6 without brackets)
  uint16_t port = 0;

  bool secure() const { return scheme == "https"; }
  // "host:port", with brackets around an IPv6 address.
  std::string authority() const;
  // "http://host:port".
  std::string toString() const;

  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
};

struct Url {
  Endpoint endpoint;
  std::string target = "/";  // path and query, as sent on the request line

  std::string toString() const { return endpoint.toString() + target; }
};

// Parses a URL; default ports are 80 (http) and 443 (https). Errors name the
// URL and what is wrong with it.
Try<Url> parseUrl(std::string_view text);

}  // namespace nucleus::http
