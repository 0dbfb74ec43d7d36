// Offers: turning the allocator's allocations into OFFERS (and maintenance's
// INVERSE_OFFERS), their timeout, rescinding, DECLINE, REVIVE and SUPPRESS. As
// Mesos 1.5's Master::offer, removeOffer, decline, revive and suppress.

#include <boost/asio/ip/address.hpp>

#include "kernel/common/logging.hpp"
#include "kernel/master/master.hpp"

namespace nucleus::master {

v1::URL Master::agentUrl(const Agent& agent) const
{
  v1::URL url;
  url.set_scheme("http");
  url.mutable_address()->set_hostname(agent.info.hostname());
  boost::system::error_code ec;
  boost::asio::ip::make_address(agent.info.hostname(), ec);
  if (!ec) url.mutable_address()->set_ip(agent.info.hostname());
  url.mutable_address()->set_port(agent.info.has_port() ? agent.info.port() : 5051);
  url.set_path("/slave(1)");
  return url;
}

void Master::offer(const v1::FrameworkID& frameworkId, const module::OfferedResources& offered)
{
  Framework* framework = this->framework(frameworkId.value());

  auto giveBack = [this, &frameworkId](const std::string& agentId, const Resources& resources) {
    v1::AgentID id;
    id.set_value(agentId);
    allocator([frameworkId, id, resources](module::Allocator& a) {
      a.recoverResources(frameworkId, id, resources, std::nullopt);
    });
  };

  SchedulerEvent event;
  event.set_type(SchedulerEvent::OFFERS);
  for (const auto& [role, byAgent] : offered) {
    for (const auto& [agentId, resources] : byAgent) {
      Agent* agent = this->agent(agentId);
      if (framework == nullptr || !framework->active || agent == nullptr || !agent->connected) {
        // As Mesos: an allocation that raced with a removal goes straight back.
        giveBack(agentId, resources);
        continue;
      }

      OfferEntry entry;
      v1::Offer& offer = entry.offer;
      offer.mutable_id()->set_value(ids_->nextOffer());
      *offer.mutable_framework_id() = framework->id;
      *offer.mutable_agent_id() = agent->id;
      offer.set_hostname(agent->info.hostname());
      *offer.mutable_url() = agentUrl(*agent);
      if (agent->info.has_domain()) *offer.mutable_domain() = agent->info.domain();
      resources.copyTo(offer.mutable_resources());
      *offer.mutable_attributes() = agent->info.attributes();
      offer.mutable_allocation_info()->set_role(role);
      auto executors = agent->executors.find(framework->id.value());
      if (executors != agent->executors.end()) {
        for (const auto& [executorId, executor] : executors->second) {
          *offer.add_executor_ids() = executor.executor_id();
        }
      }
      entry.resources = resources;

      const std::string offerId = offer.id().value();
      if (settings_.offerTimeout) {
        entry.timeout = delay(settings_.offerTimeout->chrono(),
                              [this, offerId]() { offerTimeout(offerId); });
      }
      *event.mutable_offers()->add_offers() = offer;
      framework->offers.insert(offerId);
      agent->offers.insert(offerId);
      offers_.emplace(offerId, std::move(entry));
    }
  }

  if (framework != nullptr && event.offers().offers_size() > 0) {
    log::debug("Sending {} offers to framework {}", event.offers().offers_size(),
               framework->id.value());
    sendToFramework(*framework, event);
  }
}

void Master::removeOffer(const std::string& offerId, bool rescind)
{
  auto it = offers_.find(offerId);
  if (it == offers_.end()) return;
  OfferEntry& entry = it->second;
  entry.timeout.cancel();

  Framework* framework = this->framework(entry.offer.framework_id().value());
  if (framework != nullptr) {
    framework->offers.erase(offerId);
    if (rescind) {
      SchedulerEvent event;
      event.set_type(SchedulerEvent::RESCIND);
      *event.mutable_rescind()->mutable_offer_id() = entry.offer.id();
      sendToFramework(*framework, event);
    }
  }
  if (Agent* agent = this->agent(entry.offer.agent_id().value())) agent->offers.erase(offerId);
  offers_.erase(it);
}

void Master::recoverOffer(const std::string& offerId, bool rescind,
                          const std::optional<v1::Filters>& filters)
{
  auto it = offers_.find(offerId);
  if (it == offers_.end()) return;
  v1::FrameworkID frameworkId = it->second.offer.framework_id();
  v1::AgentID agentId = it->second.offer.agent_id();
  Resources resources = it->second.resources;
  allocator([frameworkId, agentId, resources, filters](module::Allocator& a) {
    a.recoverResources(frameworkId, agentId, resources, filters);
  });
  removeOffer(offerId, rescind);
}

void Master::rescindAgentOffers(Agent& agent)
{
  std::set<std::string> offerIds = agent.offers;
  for (const std::string& offerId : offerIds) recoverOffer(offerId, true);
  std::vector<std::string> inverse;
  for (const auto& [id, offer] : inverseOffers_) {
    if (offer.agent_id().value() == agent.id.value()) inverse.push_back(id);
  }
  for (const std::string& id : inverse) removeInverseOffer(id, true);
}

void Master::offerTimeout(const std::string& offerId)
{
  if (offers_.count(offerId) == 0) return;
  log::info("Offer {} timed out; rescinding it", offerId);
  recoverOffer(offerId, true);
}

void Master::decline(Framework& framework, const SchedulerCall::Decline& decline)
{
  // As Mesos: the call's filters, or the default ones (refuse_seconds 5) when absent.
  std::optional<v1::Filters> filters = decline.filters();
  for (const v1::OfferID& offerId : decline.offer_ids()) {
    auto it = offers_.find(offerId.value());
    // As Mesos: offers that are gone or belong to another framework are ignored.
    if (it == offers_.end() || it->second.offer.framework_id().value() != framework.id.value()) {
      log::warning("Ignoring decline of offer {} by framework {}: it is no longer valid",
                   offerId.value(), framework.id.value());
      continue;
    }
    recoverOffer(offerId.value(), false, filters);
  }
}

void Master::revive(Framework& framework, const SchedulerCall::Revive& revive)
{
  std::set<std::string> roles(revive.roles().begin(), revive.roles().end());
  for (const std::string& role : roles) framework.suppressedRoles.erase(role);
  if (roles.empty()) framework.suppressedRoles.clear();
  v1::FrameworkID id = framework.id;
  allocator([id, roles](module::Allocator& a) { a.reviveOffers(id, roles); });
}

void Master::suppress(Framework& framework, const SchedulerCall::Suppress& suppress)
{
  std::set<std::string> roles(suppress.roles().begin(), suppress.roles().end());
  if (roles.empty()) {
    framework.suppressedRoles = framework.roles;
  } else {
    framework.suppressedRoles.insert(roles.begin(), roles.end());
  }
  v1::FrameworkID id = framework.id;
  allocator([id, roles](module::Allocator& a) { a.suppressOffers(id, roles); });
}

void Master::inverseOffer(const v1::FrameworkID& frameworkId,
                          const module::InverseOffered& offered)
{
  Framework* framework = this->framework(frameworkId.value());
  if (framework == nullptr || !framework->active) return;

  SchedulerEvent event;
  event.set_type(SchedulerEvent::INVERSE_OFFERS);
  for (const auto& [agentId, request] : offered) {
    Agent* agent = this->agent(agentId);
    if (agent == nullptr || !agent->connected) continue;
    v1::InverseOffer inverse;
    inverse.mutable_id()->set_value(ids_->nextOffer());
    *inverse.mutable_url() = agentUrl(*agent);
    *inverse.mutable_framework_id() = framework->id;
    *inverse.mutable_agent_id() = agent->id;
    *inverse.mutable_unavailability() = request.unavailability;
    *event.mutable_inverse_offers()->add_inverse_offers() = inverse;
    inverseOffers_[inverse.id().value()] = inverse;
  }
  if (event.inverse_offers().inverse_offers_size() > 0) sendToFramework(*framework, event);
}

void Master::answerInverseOffers(Framework& framework,
                                 const google::protobuf::RepeatedPtrField<v1::OfferID>& ids,
                                 bool accepted, const std::optional<v1::Filters>& filters)
{
  for (const v1::OfferID& id : ids) {
    auto it = inverseOffers_.find(id.value());
    if (it == inverseOffers_.end() ||
        it->second.framework_id().value() != framework.id.value()) {
      log::warning("Ignoring answer to inverse offer {}: it is no longer valid", id.value());
      continue;
    }
    v1::AgentID agentId = it->second.agent_id();
    v1::FrameworkID frameworkId = framework.id;
    allocator([agentId, frameworkId, accepted, filters](module::Allocator& a) {
      a.updateInverseOffer(agentId, frameworkId, accepted, filters);
    });
    inverseOffers_.erase(it);
  }
}

void Master::removeInverseOffer(const std::string& inverseOfferId, bool rescind)
{
  auto it = inverseOffers_.find(inverseOfferId);
  if (it == inverseOffers_.end()) return;
  if (rescind) {
    if (Framework* framework = this->framework(it->second.framework_id().value())) {
      SchedulerEvent event;
      event.set_type(SchedulerEvent::RESCIND_INVERSE_OFFER);
      *event.mutable_rescind_inverse_offer()->mutable_inverse_offer_id() = it->second.id();
      sendToFramework(*framework, event);
    }
  }
  inverseOffers_.erase(it);
}

}  // namespace nucleus::master
