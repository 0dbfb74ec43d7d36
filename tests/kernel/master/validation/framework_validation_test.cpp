// FrameworkInfo and SUBSCRIBE validation.
#include <doctest/doctest.h>

#include <functional>

#include "kernel/master/validation/validation.hpp"

using namespace nucleus;
using namespace nucleus::master::validation;
using mesos::v1::FrameworkInfo;

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // FrameworkInfo.role

namespace {

FrameworkInfo framework(std::function<void(FrameworkInfo&)> edit = {})
{
  FrameworkInfo info;
  info.set_user("alice");
  info.set_name("f");
  if (edit) edit(info);
  return info;
}

void multiRole(FrameworkInfo& info)
{
  info.add_capabilities()->set_type(FrameworkInfo::Capability::MULTI_ROLE);
}

}  // namespace

TEST_CASE("validateFrameworkInfo: roles versus role")
{
  struct Case {
    const char* name;
    FrameworkInfo info;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"default role", framework(), ""},
      {"single role", framework([](auto& i) { i.set_role("web"); }), ""},
      {"roles without MULTI_ROLE", framework([](auto& i) { i.add_roles("a"); }),
       "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable"},
      {"role with MULTI_ROLE", framework([](auto& i) {
         multiRole(i);
         i.set_role("a");
       }),
       "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable"},
      {"duplicate roles", framework([](auto& i) {
         multiRole(i);
         i.add_roles("b");
         i.add_roles("a");
         i.add_roles("b");
         i.add_roles("a");
       }),
       "'FrameworkInfo.roles' contains duplicate items: { a, b }"},
      {"invalid role in roles", framework([](auto& i) {
         multiRole(i);
         i.add_roles("ok");
         i.add_roles("/bad");
       }),
       "'FrameworkInfo.roles' contains invalid role: Role '/bad' cannot start with a slash"},
      {"invalid role", framework([](auto& i) { i.set_role("a b"); }),
       "'FrameworkInfo.role' is not a valid role: Role component 'a b' is invalid because it "
       "contains backspace or whitespace"},
      {"multi role, no roles", framework(multiRole), ""},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(validateFrameworkInfo(c.info).message() == c.error);
  }
}

TEST_CASE("frameworkRoles")
{
  CHECK(frameworkRoles(framework()) == std::set<std::string>{"*"});
  CHECK(frameworkRoles(framework([](auto& i) { i.set_role("web"); })) ==
        std::set<std::string>{"web"});
  CHECK(frameworkRoles(framework([](auto& i) {
          multiRole(i);
          i.add_roles("a");
          i.add_roles("b/c");
        })) == std::set<std::string>{"a", "b/c"});
  CHECK(frameworkRoles(framework(multiRole)).empty());
}

TEST_CASE("validateSubscribe")
{
  using Subscribe = mesos::v1::scheduler::Call::Subscribe;
  auto subscribe = [](FrameworkInfo info, std::vector<std::string> suppressed = {}) {
    Subscribe s;
    *s.mutable_framework_info() = info;
    for (const auto& role : suppressed) s.add_suppressed_roles(role);
    return s;
  };
  SubscribeOptions whitelist;
  whitelist.roleWhitelist = std::set<std::string>{"a"};
  SubscribeOptions noRoot;
  noRoot.rootSubmissions = false;

  struct Case {
    const char* name;
    Subscribe subscribe;
    SubscribeOptions options;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"plain", subscribe(framework()), {}, ""},
      {"framework info checked",
       subscribe(framework([](auto& i) { i.add_roles("a"); })),
       {},
       "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable"},
      {"whitelisted", subscribe(framework([](auto& i) { i.set_role("a"); })), whitelist, ""},
      {"not whitelisted", subscribe(framework([](auto& i) {
         multiRole(i);
         i.add_roles("a");
         i.add_roles("c");
         i.add_roles("b");
       })),
       whitelist, "Roles { b, c } are not present in master's --roles"},
      {"suppressed within roles",
       subscribe(framework([](auto& i) { i.set_role("a"); }), {"a"}),
       {},
       ""},
      {"suppressed unknown",
       subscribe(framework(), {"x"}),
       {},
       "Suppressed role 'x' is not contained in the list of roles"},
      {"root refused", subscribe(framework([](auto& i) { i.set_user("root"); })), noRoot,
       "User 'root' is not allowed to run frameworks without --root_submissions set"},
      {"root allowed", subscribe(framework([](auto& i) { i.set_user("root"); })), {}, ""},
      {"huge failover timeout",
       subscribe(framework([](auto& i) { i.set_failover_timeout(1e300); })),
       {},
       "The framework failover_timeout (1e+300) is invalid"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(validateSubscribe(c.subscribe, c.options).message() == c.error);
  }
}
