#pragma once

// Resources as operators type them: Mesos' text form
//
//   cpus:1.5;mem:128;ports(web):[31000-32000,33000-33010];disks:{ssd1,ssd2}
//
// (name, an optional "(role)", ':' and a value: a scalar, a list of ranges or a set), or a JSON
// array of v1 Resource objects. This is what Mesos 1.5 accepts in --resources flags
// (Resources::parse), and the result has the form Mesos 1.5 gives it:
// - "post-reservation-refinement": a role other than "*" becomes one STATIC entry in
//   `reservations`, and the deprecated `role` and `reservation` fields are left unset;
// - entries that can be added are added (cpus:1;cpus:2 is cpus:3, ranges are coalesced, sets
//   united), and empty ones (cpus:0, ports:[]) are dropped;
// - what only a running framework may create is refused: dynamic reservations, persistent
//   volumes, revocable resources.
// Unlike Mesos, NaN and infinite amounts are refused, and every error names the piece at fault
// and how to write it.
//
// Thread safety: pure functions; callable from any thread.

#include <google/protobuf/repeated_field.h>

#include <string_view>

#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/try.hpp"

namespace nucleus::proto {

// Parses `text` (the text form, or a JSON array when it starts with '['). Resources that name no
// role get `defaultRole`; "*" means unreserved. Empty text gives no resources.
Try<google::protobuf::RepeatedPtrField<mesos::v1::Resource>> parseResources(
    std::string_view text, std::string_view defaultRole = "*");

// Mesos' rules for a role name: "*", or '/'-separated components, none of which is empty, ".",
// "..", "*" or starts with '-', with no whitespace or control characters anywhere.
Try<Nothing> validateRole(std::string_view role);

}  // namespace nucleus::proto
