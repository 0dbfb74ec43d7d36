#include "kernel/master/master_service.hpp"

#include <arpa/inet.h>
#include <unistd.h>

#include <boost/asio/ip/address.hpp>

#include "kernel/common/logging.hpp"
#include "kernel/common/version.hpp"
#include "kernel/master/agent_http.hpp"
#include "kernel/master/ids.hpp"
#include "kernel/master/master.hpp"
#include "kernel/master/scheduler_http.hpp"
#include "kernel/proto/resources_text.hpp"

namespace nucleus::master {

namespace {

std::vector<std::string> splitOn(const std::string& text, char separator)
{
  std::vector<std::string> parts;
  std::string current;
  for (char c : text) {
    if (c == separator) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  return parts;
}

std::string trim(const std::string& text)
{
  size_t begin = text.find_first_not_of(" \t\n");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\n");
  return text.substr(begin, end - begin + 1);
}

Try<double> parseNumber(const std::string& text)
{
  try {
    size_t used = 0;
    double value = std::stod(text, &used);
    if (used != text.size()) return Error("'" + text + "' is not a number");
    return value;
  } catch (const std::exception&) {
    return Error("'" + text + "' is not a number");
  }
}

// "1.2.3.4" packed in network byte order as Mesos' MasterInfo.ip.
uint32_t packedIp(const std::string& ip)
{
  in_addr address{};
  if (inet_pton(AF_INET, ip.c_str(), &address) != 1) return 0;
  return address.s_addr;
}

}  // namespace

Try<module::AllocatorOptions> allocatorOptions(const MasterSettings& settings)
{
  module::AllocatorOptions options;
  options.allocationInterval =
      std::chrono::duration_cast<std::chrono::milliseconds>(settings.allocationInterval.chrono());
  if (settings.fairSharingExcludedResourceNames) {
    for (const std::string& name : splitOn(*settings.fairSharingExcludedResourceNames, ',')) {
      if (!trim(name).empty()) options.fairSharingExcludedResourceNames.insert(trim(name));
    }
  }
  if (settings.weights) {
    for (const std::string& pair : splitOn(*settings.weights, ',')) {
      if (trim(pair).empty()) continue;
      std::vector<std::string> parts = splitOn(pair, '=');
      if (parts.size() != 2) {
        return Error("Invalid --weights '" + *settings.weights +
                     "': expected 'role=weight,role=weight'");
      }
      Try<double> weight = parseNumber(trim(parts[1]));
      if (!weight || *weight <= 0) {
        return Error("Invalid weight '" + trim(parts[1]) + "' for role '" + trim(parts[0]) +
                     "' in --weights: it must be a positive number");
      }
      options.weights[trim(parts[0])] = *weight;
    }
  }
  if (settings.minAllocatableResources) {
    for (const std::string& set : splitOn(*settings.minAllocatableResources, '|')) {
      ResourceQuantities quantities;
      for (const std::string& item : splitOn(set, ';')) {
        if (trim(item).empty()) continue;
        std::vector<std::string> parts = splitOn(trim(item), ':');
        Try<double> amount = parts.size() == 2 ? parseNumber(trim(parts[1]))
                                               : Try<double>(Error("missing ':'"));
        if (!amount || *amount < 0) {
          return Error("Invalid --min_allocatable_resources '" +
                       *settings.minAllocatableResources + "': '" + item +
                       "' is not 'name:quantity' (e.g. 'cpus:0.01|mem:32')");
        }
        quantities.set(trim(parts[0]), *amount);
      }
      if (quantities.empty()) {
        return Error("Invalid --min_allocatable_resources '" + *settings.minAllocatableResources +
                     "': a set between '|' is empty");
      }
      options.minAllocatableResources.push_back(quantities);
    }
  }
  return options;
}

MasterService::MasterService(Runtime& runtime, const MasterSettings& settings,
                             const loader::ModuleLoader& loader)
    : MasterService(runtime, settings,
                    [&loader, name = settings.allocator](module::Host& host) {
                      return loader.create<module::Allocator>(name, host);
                    })
{
}

MasterService::MasterService(Runtime& runtime, const MasterSettings& settings,
                             AllocatorFactory factory)
    : runtime_(runtime),
      settings_(settings),
      factory_(std::move(factory)),
      master_(spawn<Master>(runtime, settings))
{
}

MasterService::~MasterService() = default;

void MasterService::addRoutes(http::HttpServer& server)
{
  std::weak_ptr<Master> weak = master_;
  auto route = [weak](auto handler) {
    return [weak, handler](http::Request request) -> Future<http::Response> {
      std::shared_ptr<Master> master = weak.lock();
      if (!master) return http::Response::serviceUnavailable("The master is shutting down");
      return handler(master, request);
    };
  };
  // Every method is routed here so the handlers answer 405 with Mesos' text.
  Try<Nothing> added = server.addRoute(
      http::Route{kSchedulerPath, {}, route(&handleSchedulerRequest), std::nullopt, false});
  if (!added) log::error("Failed to add route {}: {}", kSchedulerPath, added.error().message);
  added = server.addRoute(
      http::Route{kAgentPath, {}, route(&handleAgentRequest), std::nullopt, false});
  if (!added) log::error("Failed to add route {}: {}", kAgentPath, added.error().message);
}

Try<Nothing> MasterService::start(const std::string& ip, uint16_t port)
{
  Try<module::AllocatorOptions> options = allocatorOptions(settings_);
  if (!options) return options.error();

  std::weak_ptr<Master> weak = master_;
  module::Allocator::OfferCallback offer = [weak](const v1::FrameworkID& frameworkId,
                                                  module::OfferedResources offered) {
    if (auto master = weak.lock()) {
      send(master, [frameworkId, offered = std::move(offered)](Master& m) {
        m.offer(frameworkId, offered);
      });
    }
  };
  module::Allocator::InverseOfferCallback inverse = [weak](const v1::FrameworkID& frameworkId,
                                                           module::InverseOffered offered) {
    if (auto master = weak.lock()) {
      send(master, [frameworkId, offered = std::move(offered)](Master& m) {
        m.inverseOffer(frameworkId, offered);
      });
    }
  };
  Try<std::shared_ptr<AllocatorHost>> allocator =
      AllocatorHost::create(runtime_, settings_.allocator, factory_, *options, offer, inverse);
  if (!allocator) {
    return Error("--allocator=" + settings_.allocator + ": " + allocator.error().message +
                 " (the default modules provide org_nucleus_allocator_hierarchical_drf)");
  }

  std::string advertised = ip;
  if (advertised.empty() || advertised == "0.0.0.0") advertised = "127.0.0.1";
  std::string hostname = settings_.hostname.value_or("");
  if (hostname.empty()) {
    char name[256] = {};
    hostname = (ip == "0.0.0.0" && ::gethostname(name, sizeof(name) - 1) == 0) ? name : advertised;
  }

  v1::MasterInfo info;
  info.set_id(randomUuid());
  info.set_ip(packedIp(advertised));
  info.set_port(port);
  info.set_pid("master@" + advertised + ":" + std::to_string(port));
  info.set_hostname(hostname);
  info.set_version(kMesosApiVersion);
  info.mutable_address()->set_hostname(hostname);
  info.mutable_address()->set_ip(advertised);
  info.mutable_address()->set_port(port);

  Try<Nothing> initialized =
      dispatch(master_, [info, allocator = *allocator](Master& m) { m.initialize(info, allocator); })
          .await(std::chrono::seconds(30));
  if (!initialized) return Error("Failed to start the master: " + initialized.error().message);
  return Nothing{};
}

Future<Nothing> MasterService::stop()
{
  return dispatch(master_, [](Master& m) { m.finalize(); });
}

}  // namespace nucleus::master
