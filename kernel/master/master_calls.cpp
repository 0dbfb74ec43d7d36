// Routing of scheduler calls other than SUBSCRIBE and of agent calls other
// than REGISTER/REREGISTER: who may call (the framework or agent must be known,
// connected, and name its current stream) and which handler runs. Status codes
// and messages are Mesos 1.5's Master::Http::scheduler.

#include "kernel/common/logging.hpp"
#include "kernel/master/master.hpp"

namespace nucleus::master {

http::Response Master::schedulerCall(const SchedulerCall& call,
                                     const std::optional<std::string>& streamId,
                                     ContentType accept)
{
  if (!ready()) return http::Response::serviceUnavailable("Master has not finished recovery");

  Framework* found = framework(call.framework_id().value());
  if (found == nullptr) return http::Response::badRequest("Framework cannot be found");
  if (!found->active || !found->stream) {
    return http::Response::forbidden("Framework is not subscribed");
  }
  if (!streamId) {
    return http::Response::badRequest(
        "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
  }
  if (*streamId != found->stream->streamId()) {
    return http::Response::badRequest("The stream ID '" + *streamId +
                                      "' included in this request didn't match the stream ID "
                                      "currently associated with framework ID " +
                                      found->id.value());
  }
  return dispatchCall(*found, call, accept);
}

http::Response Master::dispatchCall(Framework& framework, const SchedulerCall& call,
                                    ContentType acceptType)
{
  switch (call.type()) {
    case SchedulerCall::TEARDOWN: removeFramework(framework.id.value()); break;
    case SchedulerCall::ACCEPT: accept(framework, call.accept()); break;
    case SchedulerCall::DECLINE: decline(framework, call.decline()); break;
    case SchedulerCall::ACCEPT_INVERSE_OFFERS: {
      std::optional<v1::Filters> filters;
      if (call.accept_inverse_offers().has_filters()) {
        filters = call.accept_inverse_offers().filters();
      }
      answerInverseOffers(framework, call.accept_inverse_offers().inverse_offer_ids(), true,
                          filters);
      break;
    }
    case SchedulerCall::DECLINE_INVERSE_OFFERS: {
      std::optional<v1::Filters> filters;
      if (call.decline_inverse_offers().has_filters()) {
        filters = call.decline_inverse_offers().filters();
      }
      answerInverseOffers(framework, call.decline_inverse_offers().inverse_offer_ids(), false,
                          filters);
      break;
    }
    case SchedulerCall::REVIVE: revive(framework, call.revive()); break;
    case SchedulerCall::SUPPRESS: suppress(framework, call.suppress()); break;
    case SchedulerCall::KILL: kill(framework, call.kill()); break;
    case SchedulerCall::SHUTDOWN: shutdownExecutor(framework, call.shutdown()); break;
    case SchedulerCall::ACKNOWLEDGE: acknowledge(framework, call.acknowledge()); break;
    case SchedulerCall::ACKNOWLEDGE_OPERATION_STATUS:
      acknowledgeOperationStatus(framework, call.acknowledge_operation_status());
      break;
    case SchedulerCall::RECONCILE:
      reconcile(framework, {call.reconcile().tasks().begin(), call.reconcile().tasks().end()});
      break;
    case SchedulerCall::RECONCILE_OPERATIONS:
      return reconcileOperations(framework, call.reconcile_operations(), acceptType);
    case SchedulerCall::MESSAGE: message(framework, call.message()); break;
    case SchedulerCall::REQUEST:
      // As Mesos: passed to the allocator, whose default ignores requests.
      log::info("Received REQUEST call from framework {} with {} requests; the allocator "
                "ignores resource requests",
                framework.id.value(), call.request().requests_size());
      break;
    case SchedulerCall::SUBSCRIBE:
    case SchedulerCall::UNKNOWN:
    default:
      log::warning("Received '{}' call", SchedulerCall::Type_Name(call.type()));
      return http::Response(http::status::kNotImplemented, "");
  }
  return http::Response::accepted();
}

http::Response Master::agentCall(const AgentCall& call, const std::optional<std::string>& streamId)
{
  if (!ready()) return http::Response::serviceUnavailable("Master has not finished recovery");
  if (!call.has_agent_id()) return http::Response::badRequest("Expecting 'agent_id' to be present");
  Agent* found = agent(call.agent_id().value());
  if (found == nullptr) return http::Response::badRequest("Agent cannot be found");
  if (!found->connected || !found->stream) {
    return http::Response::forbidden("Agent is not registered");
  }
  if (!streamId) {
    return http::Response::badRequest(
        "All non-register calls should include the 'Mesos-Stream-Id' header");
  }
  if (*streamId != found->stream->streamId()) {
    return http::Response::badRequest("The stream ID '" + *streamId +
                                      "' included in this request didn't match the stream ID "
                                      "currently associated with agent ID " +
                                      found->id.value());
  }

  Agent& agent = *found;
  switch (call.type()) {
    case AgentCall::PONG:
      agent.pongSinceLastPing = true;
      agent.missedPings = 0;
      break;
    case AgentCall::STATUS_UPDATE:
      if (!call.has_status_update()) {
        return http::Response::badRequest("Expecting 'status_update' to be present");
      }
      statusUpdate(agent, call.status_update());
      break;
    case AgentCall::EXECUTOR_EXITED:
      if (!call.has_executor_exited()) {
        return http::Response::badRequest("Expecting 'executor_exited' to be present");
      }
      executorExited(agent, call.executor_exited());
      break;
    case AgentCall::FRAMEWORK_MESSAGE:
      if (!call.has_framework_message()) {
        return http::Response::badRequest("Expecting 'framework_message' to be present");
      }
      executorMessage(agent, call.framework_message());
      break;
    case AgentCall::UPDATE_OPERATION_STATUS:
      if (!call.has_update_operation_status()) {
        return http::Response::badRequest("Expecting 'update_operation_status' to be present");
      }
      operationStatus(agent, call.update_operation_status());
      break;
    case AgentCall::UNREGISTER: unregisterAgent(agent); break;
    case AgentCall::REGISTER:
    case AgentCall::REREGISTER:
    case AgentCall::UNKNOWN:
    default:
      return http::Response(http::status::kNotImplemented, "");
  }
  return http::Response::accepted();
}

}  // namespace nucleus::master
