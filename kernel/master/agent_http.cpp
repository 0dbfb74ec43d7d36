#include "kernel/master/agent_http.hpp"

#include "kernel/master/master.hpp"
#include "kernel/master/media_types.hpp"
#include "kernel/proto/binary.hpp"

namespace nucleus::master {

Future<http::Response> handleAgentRequest(const std::shared_ptr<Master>& master,
                                          const http::Request& request)
{
  using R = Future<http::Response>;
  if (request.method != "POST") return R(http::Response::methodNotAllowed({"POST"}, request.method));

  std::optional<std::string_view> contentType = request.headers.get("Content-Type");
  if (!contentType) return R(http::Response::badRequest("Expecting 'Content-Type' to be present"));
  if (*contentType != kProtobufType) {
    return R(http::Response::unsupportedMediaType(std::string("Expecting 'Content-Type' of ") +
                                                  std::string(kProtobufType)));
  }

  AgentCall call;
  Try<Nothing> parsed = proto::fromBinary(request.body, &call);
  if (!parsed) {
    return R(http::Response::badRequest("Failed to parse body into AgentCall protobuf: " +
                                        parsed.error().message));
  }
  if (!call.has_type()) return R(http::Response::badRequest("Expecting 'type' to be present"));

  if (call.type() == AgentCall::REGISTER || call.type() == AgentCall::REREGISTER) {
    if (request.headers.has("Mesos-Stream-Id")) {
      return R(http::Response::badRequest(
          "Register calls should not include the 'Mesos-Stream-Id' header"));
    }
    return dispatch(master, [call = std::move(call)](Master& m) { return m.agentSubscribe(call); });
  }

  std::optional<std::string> streamId;
  if (auto header = request.headers.get("Mesos-Stream-Id")) streamId = std::string(*header);
  return dispatch(master, [call = std::move(call), streamId](Master& m) {
    return m.agentCall(call, streamId);
  });
}

}  // namespace nucleus::master
