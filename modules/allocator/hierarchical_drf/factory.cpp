#include "factory.hpp"

#include <string>

#include "hierarchical_allocator.hpp"

namespace nucleus::modules::drf {

Try<std::unique_ptr<module::Allocator>> create(const module::Parameters& parameters,
                                               module::Host& host)
{
  if (Try<Nothing> known = parameters.allowOnly({"agent_order"}); !known) return known.error();
  Settings settings;
  std::string order = parameters.getOr("agent_order", "random");
  if (order == "sorted") {
    settings.shuffleAgents = false;
  } else if (order != "random") {
    return Error("parameter 'agent_order' must be \"random\" or \"sorted\", not \"" + order + "\"");
  }
  return std::unique_ptr<module::Allocator>(new HierarchicalAllocator(host, settings));
}

}  // namespace nucleus::modules::drf
