// Stands in for `nucleus executor <kind>` in the agent's tests, so that they
// run the real built-in executors without the whole nucleus binary: the agent
// runs {this, "executor", "command"}.

#include <string>
#include <vector>

#include "kernel/executor/executor_command.hpp"

int main(int argc, char** argv)
{
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args.front() == "executor") args.erase(args.begin());
  return nucleus::executor::runExecutor(args);
}
