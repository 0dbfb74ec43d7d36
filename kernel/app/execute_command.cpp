// `nucleus execute`: for now, validates its flags (see execute_flags.hpp).

#include "kernel/app/commands.hpp"

namespace nucleus::app {

int runExecute(const Args&) { return 1; }

}  // namespace nucleus::app
