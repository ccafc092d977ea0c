// `gpuprobe memtest`: the VRAM integrity test's options, parsed like the rest of the command
// line (no plugin loaded, every number through the strict parser; bad input is
// std::invalid_argument, exit 2).
#pragma once

#include <string>

#include "memtest_plugin.hpp"

namespace CLI {
class App;
}

namespace gpuprobe::cli {

struct MemtestCommandLine {
  MemtestRequest request;
  std::string format = "table";  // table, json
  bool in_process = false;       // the plugin in this process, not in a worker
};

// The options as typed, checked after CLI11 has split them.
struct MemtestRawOptions {
  std::string device, bytes, chunk, passes, seed, idle_seconds, patterns;
};

// Registers `memtest` and its options on `app`.
CLI::App* add_memtest_subcommand(CLI::App& app, MemtestRawOptions& raw, std::string& format);
// Throws std::invalid_argument naming the option, the text and what is accepted.
MemtestRequest parse_memtest_options(const MemtestRawOptions& raw);

}  // namespace gpuprobe::cli
