// A test-only stand-in for `nucleus executor`: runs runExecutor() with the
// arguments, so the executor and agent tests do not need the whole nucleus
// binary. The agent runs it as {this, "executor", "command"}, so a leading
// "executor" is dropped.

#include <string>
#include <vector>

#include "kernel/executor/executor_command.hpp"

int main(int argc, char** argv)
{
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args.front() == "executor") args.erase(args.begin());
  return nucleus::executor::runExecutor(args);
}
