#include "posix_mem_isolator.hpp"

#include "../posix_common/posix_isolator.hpp"

namespace nucleus::modules::posix_mem {

Try<std::unique_ptr<module::Isolator>> create(const module::Parameters& parameters,
                                              module::Host& host)
{
  if (Try<Nothing> known = parameters.allowOnly({}); !known) return known.error();
  return std::unique_ptr<module::Isolator>(
      new posix::PosixIsolator(host, kIsolation, posix::UsageFields{.mem = true}));
}

}  // namespace nucleus::modules::posix_mem
