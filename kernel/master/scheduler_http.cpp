#include "kernel/master/scheduler_http.hpp"

#include "kernel/master/master.hpp"
#include "kernel/master/media_types.hpp"
#include "kernel/master/validation/validation.hpp"
#include "kernel/proto/binary.hpp"
#include "kernel/proto/json_parser.hpp"

namespace nucleus::master {

namespace {

Future<http::Response> now(http::Response response) { return Future<http::Response>(response); }

}  // namespace

Future<http::Response> handleSchedulerRequest(const std::shared_ptr<Master>& master,
                                              const http::Request& request)
{
  if (request.method != "POST") {
    return now(http::Response::methodNotAllowed({"POST"}, request.method));
  }

  std::optional<std::string_view> contentType = request.headers.get("Content-Type");
  if (!contentType) return now(http::Response::badRequest("Expecting 'Content-Type' to be present"));
  std::optional<ContentType> encoding = parseContentType(*contentType);
  if (!encoding) {
    return now(http::Response::unsupportedMediaType(
        std::string("Expecting 'Content-Type' of ") + std::string(kJsonType) + " or " +
        std::string(kProtobufType)));
  }

  SchedulerCall call;
  if (*encoding == ContentType::Protobuf) {
    Try<Nothing> parsed = proto::fromBinary(request.body, &call);
    if (!parsed) {
      return now(http::Response::badRequest("Failed to parse body into Call protobuf: " +
                                            parsed.error().message));
    }
  } else {
    proto::ParseReport report;
    Try<Nothing> parsed = proto::fromJson(request.body, &call, &report);
    if (!parsed) {
      return now(http::Response::badRequest("Failed to convert JSON into Call protobuf: " +
                                            parsed.error().message));
    }
    for (const proto::DroppedEnum& dropped : report.droppedEnums) {
      if (dropped.path == "type") {
        return now(http::Response::badRequest(
            "Failed to convert JSON into Call protobuf: unknown call type '" + dropped.value +
            "' in field 'type'"));
      }
    }
  }

  Try<Nothing> valid = validation::validateSchedulerCall(call);
  if (!valid) {
    return now(http::Response::badRequest("Failed to validate scheduler::Call: " +
                                          valid.error().message));
  }

  std::optional<ContentType> accept = negotiateAccept(request.headers);
  if (call.type() == SchedulerCall::SUBSCRIBE) {
    // An empty Accept allows everything, so JSON is the default, as Mesos.
    if (!accept) {
      return now(http::Response::notAcceptable(std::string("Expecting 'Accept' to allow '") +
                                               std::string(kProtobufType) + "' or '" +
                                               std::string(kJsonType) + "'"));
    }
    if (request.headers.has("Mesos-Stream-Id")) {
      return now(http::Response::badRequest(
          "Subscribe calls should not include the 'Mesos-Stream-Id' header"));
    }
    ContentType type = *accept;
    return dispatch(master, [call = std::move(call), type](Master& m) {
      return m.subscribe(call, type);
    });
  }

  std::optional<std::string> streamId;
  if (auto header = request.headers.get("Mesos-Stream-Id")) streamId = std::string(*header);
  if (call.type() == SchedulerCall::RECONCILE_OPERATIONS && !accept) {
    return now(http::Response::notAcceptable(std::string("Expecting 'Accept' to allow '") +
                                             std::string(kProtobufType) + "' or '" +
                                             std::string(kJsonType) + "'"));
  }
  ContentType type = accept.value_or(ContentType::Json);
  return dispatch(master, [call = std::move(call), streamId, type](Master& m) {
    return m.schedulerCall(call, streamId, type);
  });
}

}  // namespace nucleus::master
