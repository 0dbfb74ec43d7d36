// An out-of-tree http_route module: GET /sdk-hello answers with a greeting.
// It includes only the installed module SDK (nucleus/module/...).
#include <memory>
#include <string>

#include "nucleus/module/kinds/http_route.hpp"
#include "nucleus/module/module.hpp"

namespace {

using nucleus::Nothing;
using nucleus::Try;
using namespace nucleus::module;

class SdkHello final : public HttpRoute {
 public:
  explicit SdkHello(std::string greeting) : greeting_(std::move(greeting)) {}

  std::string path() const noexcept override { return "/sdk-hello"; }
  std::string help() const noexcept override { return "Greets from an out-of-tree module"; }

  void handle(HttpRequest request, std::function<void(HttpResponse)> respond) noexcept override
  {
    if (request.method != "GET") {
      respond({405, {{"Allow", "GET"}}, ""});
      return;
    }
    respond({200, {{"Content-Type", "text/plain"}}, greeting_ + "\n"});
  }

 private:
  std::string greeting_;
};

Try<std::unique_ptr<HttpRoute>> create(const Parameters& parameters, Host&)
{
  if (Try<Nothing> known = parameters.allowOnly({"greeting"}); !known) return known.error();
  return std::unique_ptr<HttpRoute>(
      new SdkHello(parameters.getOr("greeting", "Hello from an out-of-tree module")));
}

}  // namespace

NUCLEUS_MODULE_LIBRARY(describe<"org_example_sdk_hello", HttpRoute, &create>(
    "Example Corp", "GET /sdk-hello answers with a greeting"))
