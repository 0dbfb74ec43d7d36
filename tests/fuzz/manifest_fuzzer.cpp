// libFuzzer target: the module manifest parser (Mesos' --modules JSON). Any
// crash, leak or undefined behaviour is a bug; a refusal with a message is the
// expected answer to garbage, and every refusal must say something.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kernel/loader/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto manifest = nucleus::loader::parseManifest(json, "(fuzz input)");
  if (!manifest && manifest.error().message.empty()) std::abort();
  return 0;
}
