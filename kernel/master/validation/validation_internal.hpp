#pragma once

// Checks shared by the validation files (not part of the master's API), each
// with Mesos 1.5's text: ids, CommandInfo/ContainerInfo, checks, UUIDs, and the
// resource rules of master/validation.cpp's resource namespace.
//
// Thread safety: pure functions.

#include <set>
#include <string>

#include "kernel/master/validation/validation.hpp"

namespace nucleus::master::validation::internal {

using ResourceList = google::protobuf::RepeatedPtrField<mesos::v1::Resource>;

// stout's stringify of a set: "{ a, b }".
std::string setText(const std::set<std::string>& items);
bool hasCapability(const mesos::v1::FrameworkInfo& info,
                   mesos::v1::FrameworkInfo::Capability::Type capability);

Try<Nothing> validateCommandInfo(const mesos::v1::CommandInfo& command);
Try<Nothing> validateContainerInfo(const mesos::v1::ContainerInfo& container);
Try<Nothing> validateCheckInfo(const mesos::v1::CheckInfo& check);
Try<Nothing> validateHealthCheck(const mesos::v1::HealthCheck& check);
Try<Nothing> validateCheckStatusInfo(const mesos::v1::CheckStatusInfo& status);
// stout's UUID::fromBytes: 16 bytes of a known UUID version, else "Not a valid UUID".
Try<Nothing> validateUuid(const std::string& bytes);

Try<Nothing> validateUniquePersistenceId(const Resources& resources);
Try<Nothing> validateRevocableAndNonRevocable(const Resources& resources);
Try<Nothing> validateAllocatedToSingleRole(const ResourceList& resources);
Try<Nothing> validatePersistentVolume(const ResourceList& volumes);
Try<Nothing> validateSingleResourceProvider(const ResourceList& resources);

// Mesos' executor::validate (type, id, shutdown grace period, command, container).
Try<Nothing> validateExecutorInfo(const mesos::v1::ExecutorInfo& executor);
// Mesos' executor::internal::validate: the above plus framework id, resources and
// compatibility with a known executor of the same id.
Try<Nothing> validateExecutorInContext(const mesos::v1::ExecutorInfo& executor,
                                       const TaskContext& context);

// As Mesos' ExecutorInfo ==: every field equal, resources compared as Resources.
bool sameExecutor(const mesos::v1::ExecutorInfo& left, const mesos::v1::ExecutorInfo& right);

// The executor as the master records it: framework_id filled in.
mesos::v1::ExecutorInfo withFrameworkId(const mesos::v1::ExecutorInfo& executor,
                                        const mesos::v1::FrameworkInfo& framework);

}  // namespace nucleus::master::validation::internal
