// Parameters: the lookups a module's factory uses, and their messages.
#include <doctest/doctest.h>

#include "nucleus/module/parameters.hpp"

using nucleus::module::Parameters;

TEST_CASE("parameters: get, getOr and require")
{
  Parameters parameters{{"greeting", "Hi"}, {"path", "/a"}, {"path", "/b"}};

  CHECK(parameters.get("greeting") == "Hi");
  CHECK(parameters.get("path") == "/b");  // the last one wins
  CHECK_FALSE(parameters.get("colour").has_value());
  CHECK(parameters.getOr("colour", "blue") == "blue");
  CHECK(parameters.getOr("greeting", "Hello") == "Hi");
  CHECK(parameters.require("greeting").value() == "Hi");
  CHECK(parameters.require("colour").error().message ==
        "missing required parameter 'colour'; add {\"key\": \"colour\", \"value\": ...} to the "
        "module's \"parameters\"");
}

TEST_CASE("parameters: allowOnly refuses unknown and repeated keys")
{
  Parameters ok{{"greeting", "Hi"}};
  CHECK(ok.allowOnly({"greeting", "path"}).has_value());

  Parameters typo{{"greting", "Hi"}};
  CHECK(typo.allowOnly({"greeting", "path"}).error().message ==
        "unknown parameter 'greting'; accepted parameters: greeting, path");
  CHECK(typo.allowOnly({}).error().message ==
        "unknown parameter 'greting'; this module accepts no parameters");

  Parameters twice{{"path", "/a"}, {"path", "/b"}};
  CHECK(twice.allowOnly({"path"}).error().message ==
        "parameter 'path' is given twice; give it once");
}

TEST_CASE("parameters: copied from the C array, keeping order")
{
  NucleusModuleParameter raw[] = {{"b", "2"}, {"a", "1"}, {"c", nullptr}};
  Parameters parameters = Parameters::fromC(raw, 3);
  REQUIRE(parameters.size() == 3);
  CHECK(parameters.entries()[0].key == "b");
  CHECK(parameters.entries()[1].value == "1");
  CHECK(parameters.get("c") == "");
  CHECK(Parameters::fromC(nullptr, 0).empty());
}
