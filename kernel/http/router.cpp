#include "kernel/http/router.hpp"

#include <algorithm>

namespace nucleus::http {

namespace {

bool accepts(const Route& route, std::string_view method)
{
  return route.methods.empty() ||
         std::find(route.methods.begin(), route.methods.end(), method) != route.methods.end();
}

bool overlaps(const Route& a, const Route& b)
{
  if (a.methods.empty() || b.methods.empty()) return true;
  for (const auto& method : a.methods) {
    if (accepts(b, method)) return true;
  }
  return false;
}

bool underPrefix(std::string_view path, std::string_view prefix)
{
  if (path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/';
}

std::string describe(const Route& route)
{
  std::string methods;
  for (const auto& m : route.methods) methods += (methods.empty() ? "" : "|") + m;
  return (methods.empty() ? std::string("*") : methods) + " " + route.path +
         (route.prefix ? "/..." : "");
}

}  // namespace

Try<Nothing> Router::add(Route route)
{
  if (route.path.empty() || route.path.front() != '/') {
    return Error("Failed to add route '" + route.path + "': a path must start with '/'");
  }
  if (!route.handler) {
    return Error("Failed to add route '" + route.path + "': the handler is empty");
  }
  for (const auto& existing : routes_) {
    if (existing.path == route.path && existing.prefix == route.prefix &&
        overlaps(existing, route)) {
      return Error("Failed to add route " + describe(route) + ": it overlaps route " +
                   describe(existing) + " declared earlier");
    }
  }
  routes_.push_back(std::move(route));
  return Nothing{};
}

Try<Nothing> Router::add(std::string method, std::string path, Handler handler,
                         std::optional<std::string> realm)
{
  return add(Route{std::move(path), {std::move(method)}, std::move(handler), std::move(realm)});
}

Router::Match Router::match(std::string_view method, std::string_view path) const
{
  // The candidates: exact routes on `path`, else the longest matching prefix.
  std::vector<const Route*> candidates;
  for (const auto& route : routes_) {
    if (!route.prefix && route.path == path) candidates.push_back(&route);
  }
  if (candidates.empty()) {
    size_t longest = 0;
    for (const auto& route : routes_) {
      if (!route.prefix || !underPrefix(path, route.path)) continue;
      if (route.path.size() > longest) {
        longest = route.path.size();
        candidates.clear();
      }
      if (route.path.size() == longest) candidates.push_back(&route);
    }
  }

  Match match;
  for (const Route* route : candidates) {
    if (accepts(*route, method)) {
      match.route = route;
      return match;
    }
    match.allowed.insert(match.allowed.end(), route->methods.begin(), route->methods.end());
  }
  std::sort(match.allowed.begin(), match.allowed.end());
  match.allowed.erase(std::unique(match.allowed.begin(), match.allowed.end()), match.allowed.end());
  return match;
}

}  // namespace nucleus::http
