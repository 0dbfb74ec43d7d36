#include <doctest/doctest.h>

#include <string>

#include "kernel/proto/binary.hpp"
#include "mesos/v1/mesos.pb.h"

using namespace nucleus::proto;

TEST_CASE("fromBinary parses protobuf and explains what is wrong with bad input")
{
  mesos::v1::FrameworkInfo framework;
  framework.set_user("u");
  framework.set_name("n");
  framework.add_roles("web");

  mesos::v1::FrameworkInfo parsed;
  REQUIRE(fromBinary(framework.SerializeAsString(), &parsed));
  CHECK(parsed.roles(0) == "web");

  const auto garbage = fromBinary(std::string("\xff\xff\xff\xff", 4), &parsed);
  REQUIRE_FALSE(garbage.has_value());
  CHECK(garbage.message().find("Failed to parse mesos.v1.FrameworkInfo from 4 bytes of protobuf: "
                               "not valid protobuf wire format") != std::string::npos);
  CHECK(parsed.ByteSizeLong() == 0);

  mesos::v1::FrameworkInfo partial;
  partial.set_name("n");
  const auto missing = fromBinary(partial.SerializePartialAsString(), &parsed);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.message().find("missing required fields user") != std::string::npos);
}
