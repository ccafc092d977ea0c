// Test helper: run a shell command and collect what it prints and its exit code.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace gpuprobe::test {

struct CommandOutput {
  std::string output;  // stdout (add 2>&1 to the command for stderr too)
  int exit_code = -1;  // -1 when the command could not run or did not exit normally
};

inline CommandOutput run_command(const std::string& command) {
  CommandOutput result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace gpuprobe::test
