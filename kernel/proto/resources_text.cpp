// parseResources, step by step: read the entries (text form) or the array elements (JSON form),
// check each resource and convert it to the post-reservation-refinement form, then add them up.
// The rules are Mesos 1.5's (Resources::parse, fromSimpleString, validate, add); the wording is
// ours and says how to fix the entry.

#include "kernel/proto/resources_text.hpp"

#include <fmt/format.h>
#include <google/protobuf/util/message_differencer.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kernel/proto/json_parser.hpp"

namespace nucleus::proto {

namespace {

using google::protobuf::util::MessageDifferencer;
using mesos::v1::Resource;
using mesos::v1::Value;
using Resources = google::protobuf::RepeatedPtrField<Resource>;
using Reservation = Resource::ReservationInfo;

constexpr std::string_view kSpace = " \t\r\n\f\v";
constexpr std::string_view kHowToWrite =
    "write name:value, e.g. cpus:2, ports:[31000-32000] or disks:{a,b}";

std::string_view trim(std::string_view text)
{
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
  std::vector<std::string_view> pieces;
  size_t start = 0;
  for (size_t end = text.find(separator); end != std::string_view::npos;
       end = text.find(separator, start)) {
    pieces.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  pieces.push_back(text.substr(start));
  return pieces;
}

// As Mesos, spaces inside a value are ignored: "[1 - 5]" is "[1-5]".
std::string withoutSpaces(std::string_view text)
{
  std::string result;
  for (char c : text) {
    if (kSpace.find(c) == std::string_view::npos) result += c;
  }
  return result;
}

// Resource.role is deprecated since reservation refinement, but the text form and older JSON
// still name roles with it; these are the only places that touch it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
bool hasRole(const Resource& resource)
{
  return resource.has_role();
}
const std::string& roleOf(const Resource& resource)
{
  return resource.role();
}
void clearRole(Resource& resource)
{
  resource.clear_role();
}
#pragma GCC diagnostic pop

// A role other than "*" is a STATIC reservation, Mesos 1.5's form of a statically reserved
// resource.
void reserve(Resource& resource, std::string_view role)
{
  if (role == "*") return;
  Reservation* reservation = resource.add_reservations();
  reservation->set_type(Reservation::STATIC);
  reservation->set_role(std::string(role));
}

template <typename Number>
bool parseNumber(std::string_view text, Number& value)
{
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && stop == end && !text.empty();
}

// As Mesos: sorted, with overlapping and adjacent ranges merged ([1-3],[4-6] is [1-6]).
void coalesce(Value::Ranges& ranges)
{
  std::vector<std::pair<uint64_t, uint64_t>> spans;
  for (const Value::Range& range : ranges.range()) spans.emplace_back(range.begin(), range.end());
  std::sort(spans.begin(), spans.end());

  std::vector<std::pair<uint64_t, uint64_t>> merged;
  for (const auto& span : spans) {
    if (!merged.empty() &&
        (merged.back().second == UINT64_MAX || span.first <= merged.back().second + 1)) {
      merged.back().second = std::max(merged.back().second, span.second);
    } else {
      merged.push_back(span);
    }
  }

  ranges.clear_range();
  for (const auto& [begin, end] : merged) {
    Value::Range* range = ranges.add_range();
    range->set_begin(begin);
    range->set_end(end);
  }
}

Try<Nothing> checkScalar(double amount, std::string_view shown)
{
  if (!std::isfinite(amount)) {
    return Error("the amount '" + std::string(shown) +
                 "' is not a finite number; give one such as 1.5");
  }
  if (amount < 0) {
    return Error("the amount " + std::string(shown) + " is negative; give 0 or more");
  }
  return Nothing{};
}

Try<Nothing> parseScalar(std::string_view text, Resource& resource)
{
  double amount = 0;
  if (!parseNumber(text, amount)) {
    return Error("'" + std::string(text) +
                 "' is not a number, a list of ranges ([31000-32000]) or a set ({a,b})");
  }
  Try<Nothing> valid = checkScalar(amount, text);
  if (!valid) return valid;
  resource.set_type(Value::SCALAR);
  resource.mutable_scalar()->set_value(amount);
  return Nothing{};
}

Try<Nothing> parseRanges(std::string_view inner, Resource& resource)
{
  Value::Ranges* ranges = resource.mutable_ranges();
  for (std::string_view piece : split(inner, ',')) {
    if (piece.empty()) continue;  // As Mesos: "[1-2,]" is "[1-2]".
    const std::string shown(piece);
    const size_t dash = piece.find('-');
    uint64_t begin = 0;
    uint64_t end = 0;
    if (dash == std::string_view::npos || !parseNumber(piece.substr(0, dash), begin) ||
        !parseNumber(piece.substr(dash + 1), end)) {
      return Error("the range '" + shown +
                   "' is not begin-end with whole numbers of 0 or more; write e.g. [31000-32000]");
    }
    if (begin > end) {
      return Error("the range '" + shown + "' begins after it ends; write " + std::to_string(end) +
                   "-" + std::to_string(begin));
    }
    Value::Range* range = ranges->add_range();
    range->set_begin(begin);
    range->set_end(end);
  }
  coalesce(*ranges);
  resource.set_type(Value::RANGES);
  return Nothing{};
}

Try<Nothing> parseSet(std::string_view inner, Resource& resource)
{
  Value::Set* set = resource.mutable_set();
  for (std::string_view item : split(inner, ',')) {
    if (item.empty()) continue;  // As Mesos: "{a,,b}" is "{a,b}".
    const auto& items = set->item();
    if (std::find(items.begin(), items.end(), item) != items.end()) {
      return Error("the set lists '" + std::string(item) + "' twice; list each item once");
    }
    set->add_item(std::string(item));
  }
  resource.set_type(Value::SET);
  return Nothing{};
}

// A value opens with '[' (ranges) or '{' (a set) and ends with the matching bracket, holding no
// other bracket; anything else with a bracket in it is unbalanced.
Try<Nothing> parseValue(std::string_view value, Resource& resource)
{
  if (value.empty()) return Error("the value after ':' is empty; " + std::string(kHowToWrite));

  const auto count = [&](char c) { return std::count(value.begin(), value.end(), c); };
  const long brackets = count('[') + count(']') + count('{') + count('}');
  const bool ranges = value.front() == '[' && value.back() == ']';
  const bool set = value.front() == '{' && value.back() == '}';
  if (brackets == 0) return parseScalar(value, resource);
  if (brackets != 2 || (!ranges && !set)) {
    return Error("the value '" + std::string(value) +
                 "' has unbalanced brackets; write ranges as [31000-32000,33000-33010] and sets "
                 "as {a,b}");
  }
  const std::string_view inner = value.substr(1, value.size() - 2);
  return ranges ? parseRanges(inner, resource) : parseSet(inner, resource);
}

Try<Resource> parseEntry(std::string_view entry, std::string_view defaultRole)
{
  const auto failed = [&](const std::string& reason) {
    return Error("resource '" + std::string(trim(entry)) + "': " + reason);
  };

  const size_t colon = entry.find(':');
  if (colon == std::string_view::npos) {
    return failed("there is no ':'; " + std::string(kHowToWrite));
  }
  if (entry.find(':', colon + 1) != std::string_view::npos) {
    return failed("there is more than one ':'; " + std::string(kHowToWrite));
  }

  const std::string_view key = trim(entry.substr(0, colon));
  const size_t open = key.find('(');
  const size_t close = key.find(')');
  std::string_view name = key;
  std::string_view role = defaultRole;
  if (open != std::string_view::npos || close != std::string_view::npos) {
    if (open == std::string_view::npos || close != key.size() - 1 || close < open ||
        key.find('(', open + 1) != std::string_view::npos) {
      return failed("mismatched parentheses; write name(role):value, e.g. cpus(web):2");
    }
    name = trim(key.substr(0, open));
    role = trim(key.substr(open + 1, close - open - 1));
  }
  if (name.empty()) return failed("the name is empty; " + std::string(kHowToWrite));
  Try<Nothing> validRole = validateRole(role);
  if (!validRole) return failed(validRole.error().message);

  Resource resource;
  resource.set_name(std::string(name));
  Try<Nothing> parsed = parseValue(withoutSpaces(entry.substr(colon + 1)), resource);
  if (!parsed) return failed(parsed.error().message);
  reserve(resource, role);
  return resource;
}

Try<Resources> parseText(std::string_view text, std::string_view defaultRole)
{
  Resources resources;
  for (std::string_view entry : split(text, ';')) {
    if (trim(entry).empty()) continue;  // As Mesos: "cpus:1;;mem:2;" is fine.
    Try<Resource> resource = parseEntry(entry, defaultRole);
    if (!resource) return resource.error();
    *resources.Add() = std::move(*resource);
  }
  return resources;
}

Try<Resources> parseJson(std::string_view text, std::string_view defaultRole)
{
  nlohmann::json array;
  try {
    array = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    return Error(std::string("resources starting with '[' are read as a JSON array of Resource "
                             "objects, and this one does not parse (") +
                 e.what() + "); write the text form (cpus:1;mem:128) or valid JSON");
  }
  if (!array.is_array()) return Error("resources in JSON must be an array of Resource objects");

  Resources resources;
  for (size_t i = 0; i < array.size(); ++i) {
    Resource* resource = resources.Add();
    Try<Nothing> parsed = fromJsonValue(array[i], resource);
    if (!parsed) return Error("resources[" + std::to_string(i) + "]: " + parsed.error().message);
    // As Mesos: a resource with no role and no reservations gets the default role.
    if (!hasRole(*resource) && resource->reservations_size() == 0) {
      reserve(*resource, defaultRole);
    }
  }
  return resources;
}

// Mesos' Resources::validate, and its rules for resources given on a command line.
Try<Nothing> checkValue(const Resource& resource)
{
  const Value::Type type = resource.type();
  if (type == Value::TEXT) return Error("TEXT is not a resource type; use SCALAR, RANGES or SET");
  const bool scalar = resource.has_scalar();
  const bool ranges = resource.has_ranges();
  const bool set = resource.has_set();
  const char* const field = type == Value::SCALAR   ? "scalar"
                            : type == Value::RANGES ? "ranges"
                                                    : "set";
  const bool present = type == Value::SCALAR ? scalar : type == Value::RANGES ? ranges : set;
  if (!present || scalar + ranges + set != 1) {
    return Error("a " + Value::Type_Name(type) + " resource needs the \"" + field +
                 "\" field and no other value field");
  }

  if (scalar) {
    return checkScalar(resource.scalar().value(), fmt::format("{}", resource.scalar().value()));
  }
  if (ranges) {
    const auto& all = resource.ranges().range();
    for (int i = 0; i < all.size(); ++i) {
      if (all[i].begin() > all[i].end()) {
        return Error("the range " + std::to_string(all[i].begin()) + "-" +
                     std::to_string(all[i].end()) + " begins after it ends");
      }
      for (int j = i + 1; j < all.size(); ++j) {
        if (all[i].begin() <= all[j].end() && all[j].begin() <= all[i].end()) {
          return Error("the ranges overlap; list each port or number once");
        }
      }
    }
  }
  if (set) {
    const auto& items = resource.set().item();
    for (int i = 0; i < items.size(); ++i) {
      if (std::find(items.begin() + i + 1, items.end(), items[i]) != items.end()) {
        return Error("the set lists '" + items[i] + "' twice; list each item once");
      }
    }
  }
  return Nothing{};
}

Try<Nothing> checkReservations(const Resource& resource)
{
  const char* const kDynamic =
      "dynamic reservations cannot be given at the command line; reserve through the operator "
      "API or remove the reservation";
  if (resource.reservations_size() == 0) {
    if (resource.has_reservation()) return Error(kDynamic);
    return validateRole(roleOf(resource));
  }
  for (const Reservation& reservation : resource.reservations()) {
    if (reservation.type() == Reservation::DYNAMIC) return Error(kDynamic);
    if (reservation.type() != Reservation::STATIC) {
      return Error("a reservation needs \"type\": \"STATIC\"");
    }
    if (!reservation.has_role() || reservation.role() == "*") {
      return Error("a reservation needs a \"role\" other than \"*\"");
    }
    Try<Nothing> role = validateRole(reservation.role());
    if (!role) return role;
  }
  if (resource.reservations_size() > 1) {
    return Error("a refined reservation cannot be STATIC; give one reservation");
  }
  if (resource.has_reservation()) {
    return Error("\"reservation\" must not be set beside a STATIC entry in \"reservations\"");
  }
  if (hasRole(resource) && roleOf(resource) != resource.reservations(0).role()) {
    return Error("\"role\" '" + roleOf(resource) + "' does not match the role '" +
                 resource.reservations(0).role() + "' in \"reservations\"");
  }
  return Nothing{};
}

// Checks `resource` and converts it to the post-reservation-refinement form.
Try<Nothing> checkAndConvert(Resource& resource)
{
  if (resource.name().empty()) return Error("a resource has an empty name; give it one, e.g. cpus");
  const auto failed = [&](const std::string& reason) {
    return Error("resource '" + resource.name() + "': " + reason);
  };

  Try<Nothing> valid = checkValue(resource);
  if (valid) valid = checkReservations(resource);
  if (!valid) return failed(valid.error().message);
  if (resource.has_disk() && resource.name() != "disk") {
    return failed("only a 'disk' resource may have \"disk\" information");
  }
  if (resource.has_disk() && resource.disk().has_persistence()) {
    return failed(
        "persistent volumes cannot be given at the command line; create them through "
        "the operator API");
  }
  if (resource.has_revocable()) {
    return failed(
        "revocable resources cannot be given at the command line; remove the "
        "\"revocable\" key");
  }

  if (resource.reservations_size() == 0) reserve(resource, roleOf(resource));
  clearRole(resource);
  return Nothing{};
}

// As Mesos' Resources::add: scalars are added in fixed point with three decimals (so that
// 0.1 + 0.2 is 0.3), and an amount that is 0 there counts as empty.
long long toFixed(double value)
{
  return std::llround(value * 1000);
}

bool isEmpty(const Resource& resource)
{
  return resource.type() == Value::SCALAR   ? toFixed(resource.scalar().value()) == 0
         : resource.type() == Value::RANGES ? resource.ranges().range_size() == 0
                                            : resource.set().item_size() == 0;
}

// Whether two resources differ only in amount, so that they add up to one.
bool addable(const Resource& left, const Resource& right)
{
  if (left.has_shared() || right.has_shared()) return false;
  if (left.has_disk() && left.disk().has_source()) {
    const auto type = left.disk().source().type();
    if (type == Resource::DiskInfo::Source::MOUNT || type == Resource::DiskInfo::Source::BLOCK) {
      return false;  // Exclusive disks stay apart.
    }
    if (type == Resource::DiskInfo::Source::RAW && left.disk().source().has_id()) return false;
  }
  Resource a = left;
  Resource b = right;
  for (Resource* r : {&a, &b}) {
    r->clear_scalar();
    r->clear_ranges();
    r->clear_set();
  }
  return MessageDifferencer::Equals(a, b);
}

void add(Resource& total, const Resource& more)
{
  if (total.type() == Value::SCALAR) {
    const long long sum = toFixed(total.scalar().value()) + toFixed(more.scalar().value());
    total.mutable_scalar()->set_value(static_cast<double>(sum / 1000) +
                                      static_cast<double>(sum % 1000) / 1000.0);
  } else if (total.type() == Value::RANGES) {
    for (const Value::Range& range : more.ranges().range()) {
      *total.mutable_ranges()->add_range() = range;
    }
    coalesce(*total.mutable_ranges());
  } else if (total.type() == Value::SET) {
    for (const std::string& item : more.set().item()) {
      const auto& items = total.set().item();
      if (std::find(items.begin(), items.end(), item) == items.end()) {
        total.mutable_set()->add_item(item);
      }
    }
  }
}

Try<Resources> checkAndAddUp(Resources parsed)
{
  Resources result;
  for (int i = 0; i < parsed.size(); ++i) {
    Resource& resource = parsed[i];
    Try<Nothing> valid = checkAndConvert(resource);
    if (!valid) return valid.error();

    for (int j = 0; j < i; ++j) {
      if (parsed[j].name() == resource.name() && parsed[j].type() != resource.type()) {
        return Error("resource '" + resource.name() + "' is given as both " +
                     Value::Type_Name(parsed[j].type()) + " and " +
                     Value::Type_Name(resource.type()) + "; give it one type");
      }
    }

    if (isEmpty(resource)) continue;
    auto same = std::find_if(result.begin(), result.end(),
                             [&](const Resource& existing) { return addable(existing, resource); });
    if (same != result.end()) {
      add(*same, resource);
    } else {
      *result.Add() = resource;
    }
  }
  return result;
}

}  // namespace

Try<Nothing> validateRole(std::string_view role)
{
  const std::string quoted = "role '" + std::string(role) + "'";
  if (role == "*") return Nothing{};
  if (role.empty()) return Error("a role cannot be empty; use '*' for no role");
  if (role.front() == '/') return Error(quoted + " cannot start with a slash; remove it");
  if (role.back() == '/') return Error(quoted + " cannot end with a slash; remove it");
  if (role.find("//") != std::string_view::npos) {
    return Error(quoted + " cannot contain two adjacent slashes; use one");
  }
  for (std::string_view component : split(role, '/')) {
    if (component == "." || component == ".." || component == "*") {
      return Error(quoted + " cannot include '" + std::string(component) +
                   "' as a component; name each level of the role");
    }
    if (component.front() == '-') {
      return Error(quoted + " is invalid: the component '" + std::string(component) +
                   "' starts with a dash");
    }
    for (char c : component) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte <= 0x20 || byte == 0x7f) {
        return Error(quoted + " is invalid: the component '" + std::string(component) +
                     "' contains whitespace or a control character");
      }
    }
  }
  return Nothing{};
}

Try<Resources> parseResources(std::string_view text, std::string_view defaultRole)
{
  Try<Nothing> role = validateRole(defaultRole);
  if (!role) return Error("the default role is invalid: " + role.error().message);

  const bool json = trim(text).starts_with('[');
  Try<Resources> parsed = json ? parseJson(trim(text), defaultRole) : parseText(text, defaultRole);
  if (!parsed) return parsed;
  return checkAndAddUp(std::move(*parsed));
}

}  // namespace nucleus::proto
