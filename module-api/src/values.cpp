#include "values.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <utility>
#include <vector>

namespace nucleus::values {

namespace {

using Interval = std::pair<std::uint64_t, std::uint64_t>;  // inclusive bounds

std::vector<Interval> intervals(const Value::Ranges& ranges)
{
  std::vector<Interval> result;
  result.reserve(ranges.range_size());
  for (const auto& range : ranges.range()) result.emplace_back(range.begin(), range.end());
  std::sort(result.begin(), result.end());

  std::vector<Interval> merged;
  for (const Interval& next : result) {
    if (next.first > next.second) continue;  // inverted: invalid, contributes nothing
    if (!merged.empty()) {
      Interval& last = merged.back();
      bool touches =
          last.second == std::numeric_limits<std::uint64_t>::max() || next.first <= last.second + 1;
      if (touches) {
        last.second = std::max(last.second, next.second);
        continue;
      }
    }
    merged.push_back(next);
  }
  return merged;
}

Value::Ranges toRanges(const std::vector<Interval>& list)
{
  Value::Ranges ranges;
  for (const Interval& interval : list) {
    auto* range = ranges.add_range();
    range->set_begin(interval.first);
    range->set_end(interval.second);
  }
  return ranges;
}

bool hasItem(const Value::Set& set, const std::string& item)
{
  return std::find(set.item().begin(), set.item().end(), item) != set.item().end();
}

}  // namespace

std::int64_t toFixed(double value)
{
  return std::llround(value * 1000);
}

double toFloating(std::int64_t fixed)
{
  // As Mesos: integer division first so floating point only sees [0, 999].
  double quotient = static_cast<double>(fixed / 1000);
  double remainder = static_cast<double>(fixed % 1000) / 1000.0;
  return quotient + remainder;
}

double roundScalar(double value)
{
  return toFloating(toFixed(value));
}

Value::Scalar add(const Value::Scalar& left, const Value::Scalar& right)
{
  Value::Scalar result;
  result.set_value(toFloating(toFixed(left.value()) + toFixed(right.value())));
  return result;
}

Value::Scalar subtract(const Value::Scalar& left, const Value::Scalar& right)
{
  Value::Scalar result;
  result.set_value(toFloating(toFixed(left.value()) - toFixed(right.value())));
  return result;
}

bool lessEqual(const Value::Scalar& left, const Value::Scalar& right)
{
  return toFixed(left.value()) <= toFixed(right.value());
}

bool equal(const Value::Scalar& left, const Value::Scalar& right)
{
  return toFixed(left.value()) == toFixed(right.value());
}

Value::Ranges coalesce(const Value::Ranges& ranges)
{
  return toRanges(intervals(ranges));
}

Value::Ranges add(const Value::Ranges& left, const Value::Ranges& right)
{
  Value::Ranges both = left;
  both.mutable_range()->MergeFrom(right.range());
  return coalesce(both);
}

Value::Ranges subtract(const Value::Ranges& left, const Value::Ranges& right)
{
  std::vector<Interval> remaining = intervals(left);
  for (const Interval& cut : intervals(right)) {
    std::vector<Interval> next;
    for (const Interval& piece : remaining) {
      if (cut.second < piece.first || cut.first > piece.second) {
        next.push_back(piece);
        continue;
      }
      if (cut.first > piece.first) next.emplace_back(piece.first, cut.first - 1);
      if (cut.second < piece.second) next.emplace_back(cut.second + 1, piece.second);
    }
    remaining = std::move(next);
  }
  return toRanges(remaining);
}

bool lessEqual(const Value::Ranges& left, const Value::Ranges& right)
{
  std::vector<Interval> outer = intervals(right);
  for (const Interval& inner : intervals(left)) {
    bool inside = std::any_of(outer.begin(), outer.end(), [&](const Interval& o) {
      return o.first <= inner.first && inner.second <= o.second;
    });
    if (!inside) return false;
  }
  return true;
}

bool equal(const Value::Ranges& left, const Value::Ranges& right)
{
  return intervals(left) == intervals(right);
}

Value::Set add(const Value::Set& left, const Value::Set& right)
{
  Value::Set result = left;
  for (const auto& item : right.item()) {
    if (!hasItem(result, item)) result.add_item(item);
  }
  return result;
}

Value::Set subtract(const Value::Set& left, const Value::Set& right)
{
  Value::Set result;
  for (const auto& item : left.item()) {
    if (!hasItem(right, item)) result.add_item(item);
  }
  return result;
}

bool lessEqual(const Value::Set& left, const Value::Set& right)
{
  return std::all_of(left.item().begin(), left.item().end(),
                     [&](const std::string& item) { return hasItem(right, item); });
}

bool equal(const Value::Set& left, const Value::Set& right)
{
  return left.item_size() == right.item_size() && lessEqual(left, right);
}

std::string toString(const Value::Scalar& scalar)
{
  std::ostringstream out;
  out.precision(std::numeric_limits<double>::digits10);
  out << roundScalar(scalar.value());
  return out.str();
}

std::string toString(const Value::Ranges& ranges)
{
  std::string out = "[";
  for (int i = 0; i < ranges.range_size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(ranges.range(i).begin()) + "-" + std::to_string(ranges.range(i).end());
  }
  return out + "]";
}

std::string toString(const Value::Set& set)
{
  std::string out = "{";
  for (int i = 0; i < set.item_size(); ++i) {
    if (i > 0) out += ", ";
    out += set.item(i);
  }
  return out + "}";
}

std::string toString(const mesos::v1::Labels& labels)
{
  std::string out = "{";
  for (int i = 0; i < labels.labels_size(); ++i) {
    if (i > 0) out += ", ";
    out += labels.labels(i).key();
    if (labels.labels(i).has_value()) out += ": " + labels.labels(i).value();
  }
  return out + "}";
}

bool equal(const mesos::v1::Labels& left, const mesos::v1::Labels& right)
{
  // As Mesos: a multiset comparison, order does not matter.
  if (left.labels_size() != right.labels_size()) return false;
  auto same = [](const mesos::v1::Label& a, const mesos::v1::Label& b) {
    return a.key() == b.key() && a.has_value() == b.has_value() && a.value() == b.value();
  };
  auto count = [&](const mesos::v1::Labels& labels, const mesos::v1::Label& label) {
    return std::count_if(labels.labels().begin(), labels.labels().end(),
                         [&](const mesos::v1::Label& l) { return same(l, label); });
  };
  return std::all_of(left.labels().begin(), left.labels().end(),
                     [&](const auto& label) { return count(left, label) == count(right, label); });
}

bool equal(const mesos::v1::Resource::ReservationInfo& left,
           const mesos::v1::Resource::ReservationInfo& right)
{
  return left.type() == right.type() && left.role() == right.role() &&
         left.has_principal() == right.has_principal() && left.principal() == right.principal() &&
         left.has_labels() == right.has_labels() && equal(left.labels(), right.labels());
}

namespace {

bool equalSource(const mesos::v1::Resource::DiskInfo::Source& left,
                 const mesos::v1::Resource::DiskInfo::Source& right)
{
  return left.type() == right.type() && left.has_path() == right.has_path() &&
         left.path().has_root() == right.path().has_root() &&
         left.path().root() == right.path().root() && left.has_mount() == right.has_mount() &&
         left.mount().has_root() == right.mount().has_root() &&
         left.mount().root() == right.mount().root() && left.has_id() == right.has_id() &&
         left.id() == right.id() && left.has_metadata() == right.has_metadata() &&
         equal(left.metadata(), right.metadata()) && left.has_profile() == right.has_profile() &&
         left.profile() == right.profile();
}

}  // namespace

bool equal(const mesos::v1::Resource::DiskInfo& left, const mesos::v1::Resource::DiskInfo& right)
{
  if (left.has_source() != right.has_source()) return false;
  if (left.has_source() && !equalSource(left.source(), right.source())) return false;
  // As Mesos: `volume` describes a use of the disk, not the disk; it is ignored.
  if (left.has_persistence() != right.has_persistence()) return false;
  return !left.has_persistence() || left.persistence().id() == right.persistence().id();
}

}  // namespace nucleus::values
