#pragma once

// The hello route: answers GET <path> with 200 and a plain-text greeting, and
// any other method with 405. It exists to show the shape of a module and to
// prove the module boundary end to end.
//
// Thread safety: immutable after construction; handle() may run on any thread.

#include <memory>
#include <string>

#include "nucleus/module/host.hpp"
#include "nucleus/module/kinds/http_route.hpp"
#include "nucleus/module/parameters.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::modules::hello {

inline constexpr const char* kDefaultPath = "/hello";
inline constexpr const char* kDefaultGreeting = "Hello from Nucleus";

class HelloRoute final : public module::HttpRoute {
 public:
  HelloRoute(std::string path, std::string greeting);

  std::string path() const noexcept override;
  std::string help() const noexcept override;
  void handle(module::HttpRequest request,
              std::function<void(module::HttpResponse)> respond) noexcept override;

 private:
  std::string path_;
  std::string greeting_;
};

// Parameters: "greeting" (default kDefaultGreeting) and "path" (default
// kDefaultPath); any other key is refused.
Try<std::unique_ptr<module::HttpRoute>> create(const module::Parameters& parameters,
                                               module::Host& host);

}  // namespace nucleus::modules::hello
