#include "kernel/proto/binary.hpp"

#include <fmt/format.h>

#include <limits>

namespace nucleus::proto {

Try<Nothing> fromBinary(std::string_view bytes, google::protobuf::Message* out)
{
  if (out == nullptr) return Error("Failed to parse protobuf: no message to parse into");
  out->Clear();
  const std::string& type = out->GetDescriptor()->full_name();
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return Error(
        fmt::format("Failed to parse {} from {} bytes of protobuf: larger than the 2 GiB "
                    "protobuf limit",
                    type, bytes.size()));
  }
  // Partial parse first, so that malformed input and missing required fields (which plain
  // ParseFromArray reports alike) get different messages.
  if (!out->ParsePartialFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    out->Clear();
    return Error(
        fmt::format("Failed to parse {} from {} bytes of protobuf: not valid protobuf "
                    "wire format for this type (truncated, corrupt or another message)",
                    type, bytes.size()));
  }
  if (!out->IsInitialized()) {
    const std::string missing = out->InitializationErrorString();
    out->Clear();
    return Error(
        fmt::format("Failed to parse {} from {} bytes of protobuf: missing required "
                    "fields {}",
                    type, bytes.size(), missing));
  }
  return Nothing{};
}

}  // namespace nucleus::proto
