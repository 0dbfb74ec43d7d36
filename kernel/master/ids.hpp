#pragma once

// Identifiers the master hands out, shaped as Mesos 1.5 shapes them so that
// tools parsing them keep working: the master's id is a random UUID, and
// frameworks, agents and offers get "<masterId>-0001", "<masterId>-S0",
// "<masterId>-O0".
//
// Thread safety: randomUuid() may be called from any thread; an IdGenerator
// belongs to the master actor.

#include <cstdint>
#include <string>

namespace nucleus::master {

// A random (version 4) UUID in text form, "3f1c...-...".
std::string randomUuid();
// 16 random bytes: what Mesos puts in TaskStatus.uuid and OperationStatus.uuid.
std::string randomUuidBytes();
// The text form of 16 UUID bytes (for logs and Mesos-Stream-Id), or the bytes
// unchanged if they are not 16 long.
std::string uuidBytesToText(const std::string& bytes);

class IdGenerator {
 public:
  explicit IdGenerator(std::string masterId) : masterId_(std::move(masterId)) {}

  std::string nextFramework();  // "<masterId>-0000", zero-padded to 4 as Mesos
  std::string nextAgent();      // "<masterId>-S0"
  std::string nextOffer();      // "<masterId>-O0"

 private:
  std::string masterId_;
  std::uint64_t frameworks_ = 0;
  std::uint64_t agents_ = 0;
  std::uint64_t offers_ = 0;
};

}  // namespace nucleus::master
