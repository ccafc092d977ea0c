// Saved runs side by side, and the regression gate CI jobs use (gpuprobe compare, run
// --baseline). The CLI and the GUI's Files panel both build their tables from here.
//
// Comparison: a row per kernel and point (requested KernelParams), a column per file and
// device, every figure also given as a ratio to the first column. A point that some files
// have and others lack is listed, never dropped.
//
// Gate: each device of a new run is matched to the baseline's device with the same backend,
// index and name; its points to the baseline's by kernel and requested params.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

// ---- comparison table ----

struct CompareColumn {
  std::string file;  // the report's source (its path), or "run" for a live one
  const DeviceResult* device = nullptr;
  std::string label;  // "cpu:0 Intel Xeon [a.json]"
};

struct CompareCell {
  const Measurement* point = nullptr;  // null: the column has no such point
  std::optional<double> ratio;         // median / first column's median (both Ok)
};

struct CompareRow {
  std::string kernel, unit, params_text;
  KernelParams params;  // requested
  bool lower_is_better = false;
  std::vector<CompareCell> cells;  // one per column
};

// A point (kernel and params) that some files have and the others lack.
struct PartialPoint {
  std::string kernel, params_text;
  std::vector<std::string> present_in;  // files
  std::vector<std::string> missing_from;
};

struct Comparison {
  std::vector<CompareColumn> columns;
  std::vector<CompareRow> rows;
  std::vector<PartialPoint> partial;
  size_t common_points = 0;  // rows every file has
};

// Reports must outlive the Comparison (it points into them). Throws std::invalid_argument
// when the reports' schema majors differ.
Comparison compare_reports(const std::vector<const RunReport*>& reports);

enum class CompareFormat { Table, Json, Csv, Markdown };
struct GateResult;
// Cells: "14.2 ±0.3%" in the first column, "13.9 ±0.4% (0.98x)" in the others; "-" where a
// column has no such point; the status ("unsupported", ...) for a point that did not
// measure. `gates` (JSON only) adds each gate's verdicts.
std::string format_comparison(const Comparison& c, CompareFormat format,
                              const std::vector<GateResult>* gates = nullptr);
std::string format_ratio(double ratio);  // "0.98x"
// One cell as every rendering shows it (`with_reason`: a non-Ok status says why).
std::string comparison_cell_text(const Comparison& c, const CompareRow& row, size_t column,
                                 bool with_reason);
// "read [GB/s, higher is better]": a kernel's heading over its rows.
std::string comparison_heading(const CompareRow& row);
// "only in b.json: read 64 MiB x4 (not in a.json)" lines, one per partial point.
std::vector<std::string> partial_point_lines(const Comparison& c);

// ---- regression gate ----

// "5%", "5", "0.5%" -> 0.05, 0.05, 0.005. Throws std::invalid_argument (naming `option`)
// for a negative, empty or non-numeric text, or one above 1000% (latencies can grow
// several-fold, so more than 100% is a meaningful limit for them).
double parse_regression_threshold(const std::string& text, const std::string& option);

// Where a point's median lies: the distribution-free 95% confidence interval of the median
// of its per-sample figures (gpuprobe/sampling_rule.hpp); with too few samples for one (5 or
// fewer) the whole sample range [min, max].
struct FigureInterval {
  double low = 0, high = 0;
};
FigureInterval median_interval(const std::string& kernel, const Measurement& m);

enum class GateVerdict {
  Pass,            // not worse than the threshold (or better)
  WithinNoise,     // worse than the threshold, but the two intervals overlap
  Regression,      // worse than the threshold and outside the measured spread
  NowFailing,      // Ok in the baseline, verification failure or error now
  NowUnsupported,  // Ok in the baseline, unsupported now: the run lost what it could measure
  NotMeasured,     // Ok in the baseline, skipped (time budget) or cancelled now (noted)
  NotComparable    // the baseline point did not measure either
};
const char* to_string(GateVerdict v);

struct GatePoint {
  std::string device_label, kernel, unit, params_text;
  const Measurement* baseline = nullptr;
  const Measurement* current = nullptr;
  bool lower_is_better = false;
  double ratio = 0;     // current / baseline median (Ok pairs only)
  double worse_by = 0;  // fraction worse (negative: better)
  FigureInterval baseline_interval, current_interval;
  GateVerdict verdict = GateVerdict::Pass;
};

struct GateResult {
  double threshold = 0;
  std::string baseline_file, current_file;
  std::vector<GatePoint> points;           // every point both documents have
  std::vector<std::string> only_current;   // "cpu:0 (...) read 64 MiB x4": not gated
  std::vector<std::string> only_baseline;  // measured in the baseline, absent now
  // Devices of the baseline the new document does not have at all: a backend that vanished
  // (a driver or package gone) must not leave a CI job green.
  std::vector<std::string> missing_devices;
  // A Regression, NowFailing or NowUnsupported point, or a missing device.
  bool failed() const;
  const GatePoint* find(const std::string& device_label, const std::string& kernel,
                        const KernelParams& params) const;
};

// Both reports must outlive the result (it points into them). Throws std::invalid_argument
// when a device of `current` has no counterpart in the
// baseline, when no point is in both, or when the schema majors differ.
GateResult evaluate_gate(const RunReport& baseline, const RunReport& current, double threshold);
// One line per regression, failure, noise-level change and missing point, then a summary.
std::string format_gate(const GateResult& gate);

// ---- JUnit XML ----

// One <testcase> per point of `report` (classname: backend.device, name: kernel and params);
// a verification failure or error and a regression are <failure>, unsupported and skipped
// points <skipped message="reason">. `gate` (optional) adds the regressions.
std::string junit_xml(const RunReport& report, const GateResult* gate);

}  // namespace gpuprobe
