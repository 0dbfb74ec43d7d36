#include "kernel/http/url.hpp"

#include <cctype>
#include <charconv>

namespace nucleus::http {

std::string Endpoint::authority() const
{
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Endpoint::toString() const
{
  return scheme + "://" + authority();
}

Try<Url> parseUrl(std::string_view text)
{
  auto fail = [&](const std::string& why) {
    return Error("Failed to parse URL '" + std::string(text) + "': " + why);
  };

  Url url;
  std::string_view rest = text;
  if (auto colon = rest.find("://"); colon != std::string_view::npos) {
    std::string scheme(rest.substr(0, colon));
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "http" && scheme != "https") {
      return fail("unsupported scheme '" + scheme + "' (use http or https)");
    }
    url.endpoint.scheme = scheme;
    rest.remove_prefix(colon + 3);
  }

  size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (url.target.front() == '?') url.target = "/" + url.target;
  if (authority.find('@') != std::string_view::npos) {
    return fail("credentials in URLs are not supported (send an Authorization header)");
  }

  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("unterminated '[' in the IPv6 address");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("expected ':' and a port after ']'");
      port = after.substr(1);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return fail("missing host");
  url.endpoint.host = std::string(host);

  if (port.empty()) {
    url.endpoint.port = url.endpoint.secure() ? 443 : 80;
  } else {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return fail("invalid port '" + std::string(port) + "' (expected 1-65535)");
    }
    url.endpoint.port = static_cast<uint16_t>(value);
  }
  return url;
}

}  // namespace nucleus::http
