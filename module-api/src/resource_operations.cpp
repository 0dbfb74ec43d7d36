// Resources::apply: the resource conversions of RESERVE, UNRESERVE, CREATE and
// DESTROY, as Mesos 1.5's getResourceConversions + ResourceConversion::apply.
#include "nucleus/module/resources.hpp"

namespace nucleus {

namespace {

using Operation = mesos::v1::Offer::Operation;

struct Conversion {
  Resources consumed;
  Resources converted;
  std::optional<Resource> mustBeGone;  // DESTROY: the volume may not remain
};

// The disk a volume was made from: persistence, volume and sharing removed.
Resource strippedVolume(const Resource& volume)
{
  Resource stripped = volume;
  if (stripped.disk().has_source()) {
    stripped.mutable_disk()->clear_persistence();
    stripped.mutable_disk()->clear_volume();
  } else {
    stripped.clear_disk();
  }
  stripped.clear_shared();
  return stripped;
}

Try<std::vector<Conversion>> conversionsOf(const Operation& operation)
{
  std::vector<Conversion> conversions;
  switch (operation.type()) {
    case Operation::RESERVE:
      for (const Resource& reserved : operation.reserve().resources()) {
        Try<Resources> consumed = Resources(reserved).popReservation();
        if (!consumed) return Error("Invalid RESERVE operation: " + consumed.error().message);
        conversions.push_back({*consumed, Resources(reserved), std::nullopt});
      }
      return conversions;
    case Operation::UNRESERVE:
      for (const Resource& reserved : operation.unreserve().resources()) {
        Try<Resources> converted = Resources(reserved).popReservation();
        if (!converted) return Error("Invalid UNRESERVE operation: " + converted.error().message);
        conversions.push_back({Resources(reserved), *converted, std::nullopt});
      }
      return conversions;
    case Operation::CREATE:
      for (const Resource& volume : operation.create().volumes()) {
        conversions.push_back({Resources(strippedVolume(volume)), Resources(volume), std::nullopt});
      }
      return conversions;
    case Operation::DESTROY:
      for (const Resource& volume : operation.destroy().volumes()) {
        conversions.push_back({Resources(volume), Resources(strippedVolume(volume)), volume});
      }
      return conversions;
    case Operation::UNKNOWN:
      return Error("Unknown operation");
    default:
      return Error("Operation not supported");
  }
}

}  // namespace

Try<Resources> Resources::apply(const Operation& operation) const
{
  Try<std::vector<Conversion>> conversions = conversionsOf(operation);
  if (!conversions) return Error("Cannot get conversions: " + conversions.error().message);

  Resources result = *this;
  for (const Conversion& conversion : *conversions) {
    if (!result.contains(conversion.consumed)) {
      return Error(result.toString() + " does not contain " + conversion.consumed.toString());
    }
    result -= conversion.consumed;
    result += conversion.converted;
    if (conversion.mustBeGone && result.contains(*conversion.mustBeGone)) {
      return Error("Persistent volume " + toString(*conversion.mustBeGone) +
                   " cannot be removed due to additional shared copies");
    }
  }
  return result;
}

}  // namespace nucleus
