#pragma once

// Value arithmetic behind the Resources algebra (internal to libnucleus_api.so):
// scalars in fixed point (0.001), ranges as coalesced interval sets, sets as
// unordered item lists; plus the field-by-field comparisons Mesos 1.5 uses to
// decide whether two resources combine.
//
// Thread safety: pure functions.

#include <cstdint>
#include <string>

#include "mesos/v1/mesos.pb.h"

namespace nucleus::values {

using mesos::v1::Value;

// As Mesos 1.5: scalars are compared and summed as integers of thousandths.
std::int64_t toFixed(double value);
double toFloating(std::int64_t fixed);
double roundScalar(double value);

Value::Scalar add(const Value::Scalar& left, const Value::Scalar& right);
Value::Scalar subtract(const Value::Scalar& left, const Value::Scalar& right);
bool lessEqual(const Value::Scalar& left, const Value::Scalar& right);
bool equal(const Value::Scalar& left, const Value::Scalar& right);

// Sorted, with overlapping and adjacent ranges merged ([1-2],[3-4] is [1-4]).
Value::Ranges coalesce(const Value::Ranges& ranges);
Value::Ranges add(const Value::Ranges& left, const Value::Ranges& right);
Value::Ranges subtract(const Value::Ranges& left, const Value::Ranges& right);
bool lessEqual(const Value::Ranges& left, const Value::Ranges& right);  // left within right
bool equal(const Value::Ranges& left, const Value::Ranges& right);

Value::Set add(const Value::Set& left, const Value::Set& right);
Value::Set subtract(const Value::Set& left, const Value::Set& right);
bool lessEqual(const Value::Set& left, const Value::Set& right);  // left subset of right
bool equal(const Value::Set& left, const Value::Set& right);

// Mesos' text forms: "2.5", "[31000-32000, 33000-33001]", "{a, b}".
std::string toString(const Value::Scalar& scalar);
std::string toString(const Value::Ranges& ranges);
std::string toString(const Value::Set& set);
std::string toString(const mesos::v1::Labels& labels);

// Field comparisons as Mesos 1.5 defines them (labels ignore order; a disk's
// `volume` and the persistence principal are ignored).
bool equal(const mesos::v1::Labels& left, const mesos::v1::Labels& right);
bool equal(const mesos::v1::Resource::ReservationInfo& left,
           const mesos::v1::Resource::ReservationInfo& right);
bool equal(const mesos::v1::Resource::DiskInfo& left, const mesos::v1::Resource::DiskInfo& right);

}  // namespace nucleus::values
