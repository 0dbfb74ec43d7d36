// Operation feedback for operations that carry an `id` (RESERVE, UNRESERVE,
// CREATE, DESTROY), as Mesos 1.6 added it: UPDATE_OPERATION_STATUS events,
// resent with backoff until ACKNOWLEDGE_OPERATION_STATUS names their uuid, and
// RECONCILE_OPERATIONS answered at once in the response body.
//
// The master applies these operations speculatively, so it reports
// OPERATION_FINISHED itself; an agent's UPDATE_OPERATION_STATUS for the same
// operation (say OPERATION_FAILED) supersedes it.

#include <algorithm>

#include "kernel/common/logging.hpp"
#include "kernel/master/master.hpp"
#include "kernel/master/status_updates.hpp"
#include "kernel/proto/json_writer.hpp"

namespace nucleus::master {

namespace {
// As Mesos' status update retries: 10 s, doubling, at most 10 min.
constexpr std::chrono::milliseconds kFirstRetry = std::chrono::seconds(10);
constexpr std::chrono::milliseconds kMaxRetry = std::chrono::minutes(10);
}  // namespace

void Master::trackOperation(Framework& framework, Agent& agent,
                            const v1::Offer::Operation& operation, v1::OperationState state,
                            const std::string& message, const Resources& converted)
{
  OperationEntry entry;
  entry.operation = operation;
  entry.agentId = agent.id;
  *entry.latest.mutable_operation_id() = operation.id();
  entry.latest.set_state(state);
  if (!message.empty()) entry.latest.set_message(message);
  converted.copyTo(entry.latest.mutable_converted_resources());
  entry.latest.mutable_uuid()->set_value(randomUuidBytes());
  OperationEntry& stored = framework.operations[operation.id().value()] = std::move(entry);
  sendOperationUpdate(framework, stored);
}

void Master::sendOperationUpdate(Framework& framework, OperationEntry& entry)
{
  SchedulerEvent event;
  event.set_type(SchedulerEvent::UPDATE_OPERATION_STATUS);
  *event.mutable_update_operation_status()->mutable_status() = entry.latest;
  if (framework.active) sendToFramework(framework, event);

  entry.retry.cancel();
  entry.backoff = entry.backoff.count() == 0 ? kFirstRetry : std::min(entry.backoff * 2, kMaxRetry);
  const std::string frameworkId = framework.id.value();
  const std::string operationId = entry.latest.operation_id().value();
  const std::string uuid = entry.latest.uuid().value();
  entry.retry = delay(entry.backoff, [this, frameworkId, operationId, uuid]() {
    retryOperationUpdate(frameworkId, operationId, uuid);
  });
}

void Master::retryOperationUpdate(const std::string& frameworkId, const std::string& operationId,
                                  const std::string& uuid)
{
  Framework* framework = this->framework(frameworkId);
  if (framework == nullptr) return;
  auto it = framework->operations.find(operationId);
  if (it == framework->operations.end() || it->second.acknowledged ||
      it->second.latest.uuid().value() != uuid) {
    return;
  }
  log::debug("Resending status of operation {} of framework {}", operationId, frameworkId);
  sendOperationUpdate(*framework, it->second);
}

void Master::operationStatus(Agent& agent, const AgentCall::UpdateOperationStatus& update)
{
  Framework* framework = this->framework(update.framework_id().value());
  if (framework == nullptr) {
    log::warning("Ignoring status of operation {} for unknown framework {}",
                 update.operation_id().value(), update.framework_id().value());
    return;
  }
  OperationEntry& entry = framework->operations[update.operation_id().value()];
  if (!entry.latest.has_operation_id()) {
    entry.agentId = agent.id;  // unknown until now (the master restarted)
  }
  entry.latest = update.status();
  *entry.latest.mutable_operation_id() = update.operation_id();
  if (!entry.latest.has_uuid()) entry.latest.mutable_uuid()->set_value(randomUuidBytes());
  entry.acknowledged = false;
  entry.backoff = std::chrono::milliseconds(0);
  sendOperationUpdate(*framework, entry);
}

void Master::acknowledgeOperationStatus(Framework& framework,
                                        const SchedulerCall::AcknowledgeOperationStatus& ack)
{
  auto it = framework.operations.find(ack.operation_id().value());
  if (it == framework.operations.end() || it->second.latest.uuid().value() != ack.uuid()) {
    log::warning("Ignoring acknowledgement of unknown status of operation {} of framework {}",
                 ack.operation_id().value(), framework.id.value());
    return;
  }
  OperationEntry& entry = it->second;
  entry.acknowledged = true;
  entry.retry.cancel();

  if (Agent* agent = this->agent(entry.agentId.value())) {
    AgentEvent event;
    event.set_type(AgentEvent::ACKNOWLEDGE_OPERATION);
    *event.mutable_acknowledge_operation()->mutable_framework_id() = framework.id;
    event.mutable_acknowledge_operation()->set_status_uuid(ack.uuid());
    *event.mutable_acknowledge_operation()->mutable_operation_id() = ack.operation_id();
    sendToAgent(*agent, event);
  }
}

http::Response Master::reconcileOperations(Framework& framework,
                                           const SchedulerCall::ReconcileOperations& reconcile,
                                           ContentType accept)
{
  mesos::v1::scheduler::Response response;
  auto* statuses = response.mutable_reconcile_operations();
  if (reconcile.operations_size() == 0) {
    for (const auto& [operationId, entry] : framework.operations) {
      *statuses->add_operation_statuses() = entry.latest;
    }
  }
  for (const auto& operation : reconcile.operations()) {
    auto it = framework.operations.find(operation.operation_id().value());
    if (it != framework.operations.end()) {
      *statuses->add_operation_statuses() = it->second.latest;
      continue;
    }
    // Mesos 1.5's OperationState has no OPERATION_UNKNOWN: an operation the
    // master never saw was, as far as anyone can tell, dropped.
    v1::OperationStatus status;
    *status.mutable_operation_id() = operation.operation_id();
    status.set_state(v1::OPERATION_DROPPED);
    status.set_message("Reconciliation: Operation is unknown");
    *statuses->add_operation_statuses() = status;
  }
  std::string body =
      accept == ContentType::Json ? proto::toJson(response) : response.SerializeAsString();
  return http::Response(http::status::kOk, std::move(body), mediaTypeName(accept));
}

}  // namespace nucleus::master
