#pragma once

// UUIDs as Mesos uses them: status update and operation uuids travel as the 16
// raw bytes (TaskStatus.uuid), container ids as the canonical text form.
//
// Thread safety: every function may be called from any thread.

#include <string>
#include <string_view>

#include "nucleus/module/try.hpp"

namespace nucleus::agent {

// 16 random bytes (a version 4 UUID).
std::string randomUuidBytes();

// "0b2d6a6e-...": a new random UUID in text form.
std::string randomUuidText();

// The text form of 16 raw bytes; an error when `bytes` is not 16 bytes long.
Try<std::string> uuidText(std::string_view bytes);

}  // namespace nucleus::agent
