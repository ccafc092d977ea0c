// `gpuprobe compare` and the regression gate's options of `gpuprobe run` (--baseline,
// --max-regression, --junit), parsed like the rest of the command line: nothing loaded,
// bad input is std::invalid_argument (exit 2).
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace gpuprobe::cli {

inline constexpr double kDefaultMaxRegression = 0.05;

struct GateRequest {
  std::string baseline_path;                      // empty: no gate
  double max_regression = kDefaultMaxRegression;  // fraction: 0.05 is 5 %
  std::string junit_path;
};

struct CompareCommandLine {
  std::vector<std::string> files;  // compared with the first (or with --baseline)
  GateRequest gate;
  std::string format = "table";  // on stdout: table, json, csv, markdown
  std::string json_path, csv_path, markdown_path;
};

struct GateRawOptions {
  std::string max_regression;
  CLI::Option* option = nullptr;  // --max-regression: tells "" from absent
};

// --baseline, --max-regression and --junit on `run` or `compare`.
void add_gate_options(CLI::App& command, GateRequest& out, GateRawOptions& raw);
// Throws std::invalid_argument for a bad threshold, or one given without --baseline.
void parse_gate_options(const GateRawOptions& raw, GateRequest& out, bool junit_needs_baseline);

CLI::App* add_compare_subcommand(CLI::App& app, CompareCommandLine& out, GateRawOptions& raw);
void parse_compare_options(const GateRawOptions& raw, CompareCommandLine& out);

}  // namespace gpuprobe::cli
