// Fuzz target: the CLI's `run` command line (gpuprobe::cli::parse_command_line, a pure
// function: nothing is run or loaded). The input is the argument list after `gpuprobe run`,
// one argument per line (the seeds under corpus/cli_options/ read as shell words). Contract:
// every argument list either becomes a CommandLine or is refused as usage
// (std::invalid_argument, exit 2); any other exception, a crash or a sanitizer report is a
// finding.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/command_line.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args{"gpuprobe", "run"};
  std::string current;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  if (!current.empty()) args.push_back(current);
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  try {
    (void)gpuprobe::cli::parse_command_line(static_cast<int>(args.size()), argv.data());
  } catch (const std::invalid_argument&) {
    return 0;  // refused as usage: the contract
  }
  return 0;
}
