#include "kernel/agent/ids.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <algorithm>
#include <mutex>

namespace nucleus::agent {

namespace {

boost::uuids::uuid randomUuid()
{
  // The generator is not thread-safe; one per thread keeps it lock-free.
  thread_local boost::uuids::random_generator generator;
  return generator();
}

}  // namespace

std::string randomUuidBytes()
{
  boost::uuids::uuid uuid = randomUuid();
  return std::string(reinterpret_cast<const char*>(uuid.data), uuid.size());
}

std::string randomUuidText()
{
  return boost::uuids::to_string(randomUuid());
}

Try<std::string> uuidText(std::string_view bytes)
{
  if (bytes.size() != 16) {
    return Error("Not a UUID: expected 16 bytes, got " + std::to_string(bytes.size()));
  }
  boost::uuids::uuid uuid{};
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(uuid.data));
  return boost::uuids::to_string(uuid);
}

}  // namespace nucleus::agent
