// libFuzzer target: the streaming RecordIO decoder. Feeds the input in pieces
// whose sizes come from the input itself, so records and length prefixes are
// split across reads as a network would split them. Any crash, leak or
// undefined behaviour is a bug; errors are fine.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kernel/http/recordio.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  if (size == 0) return 0;
  nucleus::http::recordio::Decoder decoder(1 << 20);
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t step = data[0] % 16 + 1;
  for (size_t offset = 0; offset < input.size(); offset += step) {
    auto records = decoder.decode(input.substr(offset, step));
    if (!records) return 0;
  }
  (void)decoder.finish();
  return 0;
}
