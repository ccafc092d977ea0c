#include "cli/compare_options.hpp"

#include <CLI/CLI.hpp>
#include <stdexcept>

#include "gpuprobe/compare.hpp"

namespace gpuprobe::cli {

void add_gate_options(CLI::App& command, GateRequest& out, GateRawOptions& raw) {
  command
      .add_option("--baseline", out.baseline_path,
                  "Regression gate: compare with this earlier result document and exit 1 "
                  "naming every point that got worse by more than --max-regression and "
                  "outside both points' measured spread")
      ->type_name("FILE");
  raw.option =
      command
          .add_option("--max-regression", raw.max_regression,
                      "With --baseline: how much worse a point may get, 0% to 1000% (\"5%\", "
                      "\"5\" and \"0.5%\" are accepted; default 5%)")
          ->type_name("PERCENT");
  command
      .add_option("--junit", out.junit_path,
                  "Write JUnit XML to FILE: a test case per point (failed verification and "
                  "regressions fail, unsupported points are skipped)")
      ->type_name("FILE");
}

void parse_gate_options(const GateRawOptions& raw, GateRequest& out, bool junit_needs_baseline) {
  // Given (even as ""): parsed; absent: the default.
  if (raw.option && raw.option->count() > 0) {
    if (out.baseline_path.empty())
      throw std::invalid_argument(
          "--max-regression needs --baseline FILE (the result to compare with)");
    out.max_regression = parse_regression_threshold(raw.max_regression, "--max-regression");
  }
  if (junit_needs_baseline && !out.junit_path.empty() && out.baseline_path.empty())
    throw std::invalid_argument(
        "--junit needs --baseline FILE here (the test cases are the "
        "points gated against it)");
}

CLI::App* add_compare_subcommand(CLI::App& app, CompareCommandLine& out, GateRawOptions& raw) {
  auto* compare = app.add_subcommand(
      "compare",
      "Compare result documents: a column per file and device, every figure also as a ratio to "
      "the first column; points only some files have are listed. With --baseline: the "
      "regression gate (exit 1 on a regression)");
  compare->add_option("FILES", out.files, "Result documents (gpuprobe run --json FILE)")
      ->required();
  add_gate_options(*compare, out.gate, raw);
  compare->add_option("--format", out.format, "Output on stdout")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));
  compare->add_option("--json", out.json_path, "Also write the comparison as JSON to FILE");
  compare->add_option("--csv", out.csv_path, "Also write the comparison as CSV to FILE");
  compare->add_option("--markdown", out.markdown_path,
                      "Also write the comparison as Markdown to FILE");
  return compare;
}

void parse_compare_options(const GateRawOptions& raw, CompareCommandLine& out) {
  parse_gate_options(raw, out.gate, true);
  if (out.gate.baseline_path.empty() && out.files.size() < 2)
    throw std::invalid_argument(
        "compare needs two or more result files (or --baseline FILE and "
        "one or more files to gate against it)");
  if (!out.gate.junit_path.empty() && out.files.size() != 1)
    throw std::invalid_argument("--junit describes one gated run: give one FILE after --baseline");
}

}  // namespace gpuprobe::cli
