#pragma once

// What a RESERVE, UNRESERVE, CREATE or DESTROY does to resources, as Mesos
// 1.5's getResourceConversions: the resources it consumes and those it turns
// them into. RESERVE pushes a reservation (consumes the resources without it),
// UNRESERVE pops one, CREATE turns disk into a persistent volume, DESTROY turns
// a volume back into disk.
//
// Thread safety: pure functions.

#include <set>
#include <string>

#include "mesos/v1/mesos.pb.h"
#include "nucleus/module/resources.hpp"
#include "nucleus/module/try.hpp"

namespace nucleus::master {

struct ResourceConversion {
  Resources consumed;
  Resources converted;
};

Try<ResourceConversion> conversionOf(const mesos::v1::Offer::Operation& operation);

// Ids of the persistent volumes among `resources`.
std::set<std::string> persistenceIds(const Resources& resources);

}  // namespace nucleus::master
