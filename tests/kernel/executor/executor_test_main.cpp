// A test-only stand-in for `nucleus executor`: runs runExecutor() with the
// arguments, so the executor tests do not need the whole nucleus binary.

#include <string>
#include <vector>

#include "kernel/executor/executor_command.hpp"

int main(int argc, char** argv)
{
  return nucleus::executor::runExecutor(std::vector<std::string>(argv + 1, argv + argc));
}
