// Fuzz target (skeleton, not built yet): the CLI's `run` option parser. The input is the
// argument list, one argument per line (the seeds under corpus/cli_options/ read as shell
// words). Contract: every argument list either becomes RunOptions or is refused as usage
// (std::invalid_argument, exit 2); any other exception, a crash or a sanitizer report is a
// finding.
//
// TO WIRE (lead): the parser is being moved out of probe/cli/main.cpp into a pure function
// in parallel (issue 9, item 5). Once it exists:
//   1. include its header below and call it where marked, catching only what it documents
//      for bad input (std::invalid_argument, or its usage-error type);
//   2. in fuzz/CMakeLists.txt add
//        gpuprobe_add_fuzz_target(cli_options SECONDS 15 LIBS <library with the parser>
//        CLI11::CLI11)
//      and lower result_reader's SECONDS to 30, keeping the total near 60 s;
//   3. the parser must not print (CLI11's help/version go to stdout) or exit(): --help and
//      --version should come back as a result, or the fuzzer stops at the first one.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

// #include "cli/run_options.hpp"   // parse_run_options(...)

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
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  try {
    // (void)gpuprobe::cli::parse_run_options(static_cast<int>(args.size()), argv.data());
  } catch (const std::invalid_argument&) {
    return 0;  // refused as usage: the contract
  }
  return 0;
}
