// APPLY_OPERATION: the master applied a RESERVE, UNRESERVE, CREATE or DESTROY
// to this agent's resources and sends the result. The agent adopts the new
// total, keeps it in <work_dir>/meta/resources/resources.info, and creates or
// removes persistent volume directories
// (<work_dir>/volumes/roles/<role>/<persistence id>, as Mesos 1.5). An
// operation with an id gets an UPDATE_OPERATION_STATUS.

#include <fstream>

#include "kernel/agent/agent.hpp"
#include "kernel/agent/ids.hpp"
#include "kernel/agent/paths.hpp"
#include "kernel/common/logging.hpp"
#include "kernel/proto/json_writer.hpp"
#include "nucleus/module/resources.hpp"

namespace nucleus::agent {

using nucleus::internal::AgentCall;
using nucleus::internal::AgentEvent;
using Operation = mesos::v1::Offer::Operation;

namespace {

std::filesystem::path volumePath(const std::filesystem::path& workDir,
                                 const mesos::v1::Resource& volume)
{
  return workDir / "volumes" / "roles" / Resources::reservationRole(volume) /
         volume.disk().persistence().id();
}

// Runs on the blocking pool: files only.
Try<Nothing> applyOnDisk(const std::filesystem::path& workDir, const Operation& operation,
                         const std::string& checkpoint)
{
  std::error_code ec;
  if (operation.type() == Operation::CREATE) {
    for (const auto& volume : operation.create().volumes()) {
      std::filesystem::path path = volumePath(workDir, volume);
      std::filesystem::create_directories(path, ec);
      if (ec) {
        return Error("Failed to create persistent volume '" + path.string() + "': " + ec.message());
      }
    }
  } else if (operation.type() == Operation::DESTROY) {
    for (const auto& volume : operation.destroy().volumes()) {
      std::filesystem::path path = volumePath(workDir, volume);
      std::filesystem::remove_all(path, ec);
      if (ec) {
        return Error("Failed to remove persistent volume '" + path.string() + "': " + ec.message());
      }
    }
  }

  std::filesystem::path file = paths::resourcesCheckpoint(workDir);
  std::filesystem::create_directories(file.parent_path(), ec);
  std::filesystem::path temporary = file;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << checkpoint;
    if (!out) return Error("Failed to write '" + temporary.string() + "'");
  }
  std::filesystem::rename(temporary, file, ec);
  if (ec) return Error("Failed to replace '" + file.string() + "': " + ec.message());
  return Nothing{};
}

}  // namespace

void Agent::applyOperation(const AgentEvent::ApplyOperation& apply)
{
  const Operation& operation = apply.operation();
  log::info("Applying {} operation: the agent's resources become {}",
            Operation::Type_Name(operation.type()), Resources(apply.resources_after()).toString());
  *info_.mutable_resources() = apply.resources_after();

  // The checkpoint is a JSON array of Resource, the form --resources accepts.
  std::string checkpoint = "[";
  for (int i = 0; i < apply.resources_after_size(); ++i) {
    if (i > 0) checkpoint += ",";
    checkpoint += proto::toJson(apply.resources_after(i));
  }
  checkpoint += "]";

  runtime()
      .blocking([workDir = options_.workDir, operation, checkpoint] {
        return applyOnDisk(workDir, operation, checkpoint);
      })
      .onAny(defer([this, apply](const Try<Nothing>& done) {
        if (!done) log::error("Failed to apply an operation: {}", done.error().message);
        if (!apply.operation().has_id()) return;
        AgentCall call;
        call.set_type(AgentCall::UPDATE_OPERATION_STATUS);
        auto* update = call.mutable_update_operation_status();
        if (apply.has_framework_id()) *update->mutable_framework_id() = apply.framework_id();
        *update->mutable_operation_id() = apply.operation().id();
        auto* status = update->mutable_status();
        *status->mutable_operation_id() = apply.operation().id();
        status->set_state(done ? mesos::v1::OPERATION_FINISHED : mesos::v1::OPERATION_FAILED);
        if (!done) status->set_message(done.error().message);
        status->mutable_uuid()->set_value(randomUuidBytes());
        sendToMaster(std::move(call));
      }));
}

}  // namespace nucleus::agent
