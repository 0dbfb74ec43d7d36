#pragma once

// --attributes: Mesos' text form "rack:abc;zone:west;cores:8;ports:[1-10]",
// ';' (or a line break) between attributes, the first ':' between name and
// value. As Mesos 1.5 (Attributes::parse): spaces are removed from values; a
// value starting with '[' is ranges, a number is a scalar, anything else text.
// Set values ({a,b}) are refused, as Mesos refuses them for attributes.
//
// Thread safety: pure functions.

#include <google/protobuf/repeated_field.h>

#include <string_view>

#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/try.hpp"

namespace nucleus::agent {

Try<google::protobuf::RepeatedPtrField<mesos::v1::Attribute>> parseAttributes(
    std::string_view text);

}  // namespace nucleus::agent
