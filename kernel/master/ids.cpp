#include "kernel/master/ids.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <cstdio>
#include <cstring>

namespace nucleus::master {

namespace {
boost::uuids::uuid generate()
{
  // One generator per thread: boost's random_generator is not thread-safe.
  thread_local boost::uuids::random_generator generator;
  return generator();
}
}  // namespace

std::string randomUuid() { return boost::uuids::to_string(generate()); }

std::string randomUuidBytes()
{
  boost::uuids::uuid id = generate();
  return std::string(reinterpret_cast<const char*>(id.data), id.size());
}

std::string uuidBytesToText(const std::string& bytes)
{
  if (bytes.size() != 16) return bytes;
  boost::uuids::uuid id;
  std::memcpy(id.data, bytes.data(), 16);
  return boost::uuids::to_string(id);
}

std::string IdGenerator::nextFramework()
{
  char suffix[32];
  std::snprintf(suffix, sizeof(suffix), "-%04llu", static_cast<unsigned long long>(frameworks_++));
  return masterId_ + suffix;
}

std::string IdGenerator::nextAgent() { return masterId_ + "-S" + std::to_string(agents_++); }

std::string IdGenerator::nextOffer() { return masterId_ + "-O" + std::to_string(offers_++); }

}  // namespace nucleus::master
