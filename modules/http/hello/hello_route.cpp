#include "hello_route.hpp"

#include <utility>

namespace nucleus::modules::hello {

HelloRoute::HelloRoute(std::string path, std::string greeting)
    : path_(std::move(path)), greeting_(std::move(greeting))
{
}

std::string HelloRoute::path() const noexcept
{
  return path_;
}

std::string HelloRoute::help() const noexcept
{
  return "Answers GET with a greeting";
}

void HelloRoute::handle(module::HttpRequest request,
                        std::function<void(module::HttpResponse)> respond) noexcept
{
  module::HttpResponse response;
  if (request.method != "GET") {
    response.status = 405;
    response.headers = {{"Allow", "GET"}, {"Content-Type", "text/plain"}};
    response.body = path_ + " answers GET only, not " + request.method + "\n";
  } else {
    response.headers = {{"Content-Type", "text/plain"}};
    response.body = greeting_ + "\n";
  }
  respond(std::move(response));
}

Try<std::unique_ptr<module::HttpRoute>> create(const module::Parameters& parameters,
                                               module::Host& host)
{
  if (Try<Nothing> known = parameters.allowOnly({"greeting", "path"}); !known) {
    return known.error();
  }
  std::string path = parameters.getOr("path", kDefaultPath);
  if (path.empty() || path.front() != '/' || path.find_first_of("?# \t") != std::string::npos) {
    return Error(
        "parameter 'path' must be an absolute URL path such as \"/hello\" (no query, "
        "fragment or spaces), not \"" +
        path + "\"");
  }
  std::string greeting = parameters.getOr("greeting", kDefaultGreeting);

  host.log(module::Host::Level::Info, "serving a greeting at " + path);
  return std::unique_ptr<module::HttpRoute>(new HelloRoute(std::move(path), std::move(greeting)));
}

}  // namespace nucleus::modules::hello
