#include "kernel/agent/executor_api.hpp"

#include <algorithm>
#include <cctype>

#include "kernel/agent/ids.hpp"
#include "kernel/http/recordio.hpp"
#include "kernel/proto/binary.hpp"
#include "kernel/proto/json_parser.hpp"
#include "kernel/proto/json_writer.hpp"

namespace nucleus::agent {

namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kProtobuf = "application/x-protobuf";

std::string trim(std::string_view text)
{
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The media type of a Content-Type value, without parameters, lower case.
std::string bareMediaType(std::string_view value)
{
  return lower(trim(value.substr(0, value.find(';'))));
}

}  // namespace

std::string_view mediaType(ContentType type)
{
  return type == ContentType::Json ? kJson : kProtobuf;
}

bool acceptsMediaType(const http::Request& request, std::string_view mediaType)
{
  std::vector<std::string_view> values = request.headers.getAll("Accept");
  if (values.empty()) return true;
  std::string wanted = lower(std::string(mediaType));
  std::string wantedType = wanted.substr(0, wanted.find('/'));
  // The most specific matching range decides, as RFC 7231 5.3.2.
  int bestSpecificity = -1;
  double bestQuality = 0;
  for (std::string_view value : values) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      std::string_view item = value.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      start = comma == std::string_view::npos ? value.size() + 1 : comma + 1;
      std::string range = bareMediaType(item);
      if (range.empty()) continue;
      double quality = 1;
      size_t q = item.find(";");
      while (q != std::string_view::npos) {
        std::string param = lower(trim(item.substr(q + 1, item.find(';', q + 1) - q - 1)));
        if (param.rfind("q=", 0) == 0) {
          try {
            quality = std::stod(param.substr(2));
          } catch (const std::exception&) {
            quality = 0;
          }
        }
        q = item.find(';', q + 1);
      }
      int specificity = -1;
      if (range == wanted) {
        specificity = 2;
      } else if (range == wantedType + "/*") {
        specificity = 1;
      } else if (range == "*/*") {
        specificity = 0;
      }
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        bestQuality = quality;
      }
    }
  }
  return bestSpecificity >= 0 && bestQuality > 0;
}

Try<Nothing> validateExecutorCall(const mesos::v1::executor::Call& call)
{
  using Call = mesos::v1::executor::Call;
  if (!call.IsInitialized()) return Error("Not initialized: " + call.InitializationErrorString());
  if (!call.has_type()) return Error("Expecting 'type' to be present");
  if (!call.has_executor_id()) return Error("Expecting 'executor_id' to be present");
  if (!call.has_framework_id()) return Error("Expecting 'framework_id' to be present");

  switch (call.type()) {
    case Call::SUBSCRIBE:
      if (!call.has_subscribe()) return Error("Expecting 'subscribe' to be present");
      return Nothing{};
    case Call::UPDATE: {
      if (!call.has_update()) return Error("Expecting 'update' to be present");
      const mesos::v1::TaskStatus& status = call.update().status();
      if (!status.has_uuid()) return Error("Expecting 'uuid' to be present");
      if (Try<std::string> uuid = uuidText(status.uuid()); !uuid) return uuid.error();
      if (status.has_executor_id() && status.executor_id().value() != call.executor_id().value()) {
        return Error("ExecutorID in Call: " + call.executor_id().value() +
                     " does not match ExecutorID in TaskStatus: " + status.executor_id().value());
      }
      if (status.source() != mesos::v1::TaskStatus::SOURCE_EXECUTOR) {
        return Error("Received Call from executor " + call.executor_id().value() +
                     " of framework " + call.framework_id().value() +
                     " with invalid source, expecting 'SOURCE_EXECUTOR'");
      }
      if (status.state() == mesos::v1::TASK_STAGING) {
        return Error("Received TASK_STAGING from executor " + call.executor_id().value() +
                     " of framework " + call.framework_id().value() + " which is not allowed");
      }
      return Nothing{};
    }
    case Call::MESSAGE:
      if (!call.has_message()) return Error("Expecting 'message' to be present");
      return Nothing{};
    default:
      return Nothing{};
  }
}

std::variant<ExecutorRequest, http::Response> parseExecutorRequest(const http::Request& request)
{
  if (request.method != "POST") return http::Response::methodNotAllowed({"POST"}, request.method);

  std::optional<std::string_view> contentType = request.headers.get("Content-Type");
  if (!contentType) return http::Response::badRequest("Expecting 'Content-Type' to be present");

  ExecutorRequest parsed;
  std::string type = bareMediaType(*contentType);
  if (type == kProtobuf) {
    if (!parsed.call.ParsePartialFromString(request.body)) {
      return http::Response::badRequest("Failed to parse body into Call protobuf");
    }
  } else if (type == kJson) {
    if (Try<Nothing> json = proto::fromJson(request.body, &parsed.call); !json) {
      return http::Response::badRequest("Failed to convert JSON into Call protobuf: " +
                                        json.error().message);
    }
  } else {
    return http::Response::unsupportedMediaType(
        "Expecting 'Content-Type' of " + std::string(kJson) + " or " + std::string(kProtobuf));
  }

  if (Try<Nothing> valid = validateExecutorCall(parsed.call); !valid) {
    return http::Response::badRequest("Failed to validate Executor::Call: " +
                                      valid.error().message);
  }

  if (parsed.call.type() == mesos::v1::executor::Call::SUBSCRIBE) {
    // JSON first: an absent Accept allows everything.
    if (acceptsMediaType(request, kJson)) {
      parsed.accept = ContentType::Json;
    } else if (acceptsMediaType(request, kProtobuf)) {
      parsed.accept = ContentType::Protobuf;
    } else {
      return http::Response::notAcceptable("Expecting 'Accept' to allow '" +
                                           std::string(kProtobuf) + "' or '" + std::string(kJson) +
                                           "'");
    }
  }
  return parsed;
}

std::string encodeEvent(const mesos::v1::executor::Event& event, ContentType type)
{
  return http::recordio::encode(type == ContentType::Json ? proto::toJson(event)
                                                          : event.SerializeAsString());
}

}  // namespace nucleus::agent
