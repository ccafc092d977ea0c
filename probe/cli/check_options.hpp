// `gpuprobe check`: the buyer's check options, parsed like the rest of the command line (no
// plugin loaded, every number through the strict parser; bad input is std::invalid_argument,
// exit 2).
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/buyer_check.hpp"

namespace CLI {
class App;
}

namespace gpuprobe::cli {

// BACKEND:INDEX in `devices`; BACKEND alone has index kEveryDevice.
inline constexpr uint32_t kEveryDevice = UINT32_MAX;

struct CheckCommandLine {
  bool identity_only = false;
  BuyerCheckOptions options;
  std::string format = "table";  // table, json, markdown
  std::string json_path;         // also write the JSON report here
};

// The options as typed, checked after CLI11 has split them.
struct CheckRawOptions {
  std::vector<std::string> devices;
  std::string load_seconds, memtest_bytes, memtest_idle_s, price, currency = "USD", kwh_price,
                                                                  hours_per_day;
};

CLI::App* add_check_subcommand(CLI::App& app, CheckRawOptions& raw, CheckCommandLine& out,
                               bool& in_process);
// Throws std::invalid_argument naming the option, the text and what is accepted.
void parse_check_options(const CheckRawOptions& raw, CheckCommandLine& out);

}  // namespace gpuprobe::cli
