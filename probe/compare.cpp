#include "gpuprobe/compare.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/parse_number.hpp"
#include "gpuprobe/printable.hpp"
#include "gpuprobe/report_format.hpp"
#include "gpuprobe/sampling_rule.hpp"
#include "measure.hpp"

namespace gpuprobe {
namespace {

bool lower_is_better(const std::string& kernel) {
  const KernelSpec* spec = find_kernel(kernel);
  return spec && spec->metric == GP_METRIC_LATENCY;
}

std::string file_name(const RunReport& r) { return r.source.empty() ? "run" : r.source; }

void require_same_major(const std::vector<const RunReport*>& reports) {
  for (const RunReport* r : reports)
    if (r->schema_major != reports.front()->schema_major)
      throw std::invalid_argument(
          printable(file_name(*r)) + " has result schema " + std::to_string(r->schema_major) +
          ".x, " + printable(file_name(*reports.front())) + " has " +
          std::to_string(reports.front()->schema_major) +
          ".x: documents of different schema majors cannot be compared; re-run one of them with "
          "the same gpuprobe version");
}

bool ok(const Measurement* m) { return m && m->status == MeasurementStatus::Ok; }

// Points match on every requested parameter, not on their (rounded) description.
std::string point_key(const std::string& kernel, const KernelParams& p) {
  return kernel + "|" + std::to_string(p.size_bytes) + "|" + std::to_string(p.vector_width) + "|" +
         std::to_string(p.work_items) + "|" + std::to_string(p.m) + "x" + std::to_string(p.n) +
         "x" + std::to_string(p.k) + "|" + p.precision + "|" + (p.pinned ? "pinned" : "");
}

}  // namespace

Comparison compare_reports(const std::vector<const RunReport*>& reports) {
  Comparison c;
  if (reports.empty()) return c;
  require_same_major(reports);
  for (const RunReport* r : reports)
    for (const auto& d : r->devices)
      c.columns.push_back({file_name(*r), &d,
                           d.device.backend + ":" + std::to_string(d.device.index) + " " +
                               d.device.name + " [" + file_name(*r) + "]"});

  std::map<std::string, size_t> index;  // kernel|params text -> row
  for (size_t col = 0; col < c.columns.size(); ++col)
    for (const auto& k : c.columns[col].device->kernels)
      for (const auto& p : k.points) {
        const std::string key = point_key(k.kernel, p.requested);
        auto it = index.find(key);
        if (it == index.end()) {
          it = index.emplace(key, c.rows.size()).first;
          c.rows.push_back({k.kernel, k.unit, describe_params(k.kernel, p.requested), p.requested,
                            lower_is_better(k.kernel), std::vector<CompareCell>(c.columns.size())});
        }
        c.rows[it->second].cells[col].point = &p;
      }

  std::vector<std::string> files;
  for (const RunReport* r : reports)
    if (std::find(files.begin(), files.end(), file_name(*r)) == files.end())
      files.push_back(file_name(*r));
  for (auto& row : c.rows) {
    const Measurement* first = row.cells.front().point;
    for (auto& cell : row.cells)
      if (ok(first) && ok(cell.point) && first->figure.median > 0)
        cell.ratio = cell.point->figure.median / first->figure.median;
    std::set<std::string> present;
    for (size_t col = 0; col < c.columns.size(); ++col)
      if (row.cells[col].point) present.insert(c.columns[col].file);
    if (present.size() == files.size()) {
      ++c.common_points;
      continue;
    }
    PartialPoint partial{row.kernel, row.params_text, {}, {}};
    for (const auto& f : files)
      (present.count(f) ? partial.present_in : partial.missing_from).push_back(f);
    c.partial.push_back(std::move(partial));
  }
  if (files.size() > 1 && c.common_points == 0)
    throw std::invalid_argument(
        "the files have no point in common (no kernel measured at the "
        "same parameters in all of them); compare runs of the same "
        "kernels and sizes");
  return c;
}

std::vector<std::string> partial_point_lines(const Comparison& c) {
  std::vector<std::string> lines;
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  for (const auto& p : c.partial)
    lines.push_back("only in " + join(p.present_in) + ": " + p.kernel + " " + p.params_text +
                    " (not in " + join(p.missing_from) + ")");
  return lines;
}

double parse_regression_threshold(const std::string& text, const std::string& option) {
  const bool percent = !text.empty() && text.back() == '%';
  const std::string number = percent ? text.substr(0, text.size() - 1) : text;
  try {
    if (number.empty()) throw std::invalid_argument("empty");
    return parse_finite_double(number, 0.0, 1000.0, option) / 100.0;
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument(option + ": '" + printable(text) +
                                "' is not a percentage from 0% to 1000% (e.g. 5%, 5 or 0.5%): "
                                "how much worse a point may get before the gate fails");
  }
}

FigureInterval median_interval(const std::string& kernel, const Measurement& m) {
  const KernelSpec* spec = find_kernel(kernel);
  std::vector<double> figures;
  if (spec && m.iterations > 0 && m.work_per_iteration > 0)
    for (double s : m.sample_seconds)
      if (s > 0)
        figures.push_back(figure_from_sample(*spec, m.work_per_iteration, m.iterations, s));
  if (figures.empty()) return {m.figure.min, m.figure.max};
  std::sort(figures.begin(), figures.end());
  const auto ranks = sampling::median_ci_ranks(figures.size());
  if (!ranks) return {figures.front(), figures.back()};
  return {figures[ranks->lower], figures[ranks->upper]};
}

const char* to_string(GateVerdict v) {
  switch (v) {
    case GateVerdict::Pass:
      return "pass";
    case GateVerdict::WithinNoise:
      return "within noise";
    case GateVerdict::Regression:
      return "regression";
    case GateVerdict::NowFailing:
      return "now failing";
    case GateVerdict::NowUnsupported:
      return "now unsupported";
    case GateVerdict::NotMeasured:
      return "not measured";
    case GateVerdict::NotComparable:
      return "not comparable";
  }
  return "?";
}

bool GateResult::failed() const {
  return !missing_devices.empty() ||
         std::any_of(points.begin(), points.end(), [](const GatePoint& p) {
           return p.verdict == GateVerdict::Regression || p.verdict == GateVerdict::NowFailing ||
                  p.verdict == GateVerdict::NowUnsupported;
         });
}

const GatePoint* GateResult::find(const std::string& device_label, const std::string& kernel,
                                  const KernelParams& params) const {
  for (const auto& p : points)
    if (p.device_label == device_label && p.kernel == kernel && p.current &&
        p.current->requested == params)
      return &p;
  return nullptr;
}

namespace {

GatePoint judge(const std::string& device, const KernelResult& kernel, const Measurement& base,
                const Measurement& now, double threshold) {
  GatePoint g;
  g.device_label = device;
  g.kernel = kernel.kernel;
  g.unit = kernel.unit;
  g.params_text = describe_params(kernel.kernel, now.requested);
  g.baseline = &base;
  g.current = &now;
  g.lower_is_better = lower_is_better(kernel.kernel);
  if (base.status != MeasurementStatus::Ok) {
    g.verdict = GateVerdict::NotComparable;
    return g;
  }
  if (now.status == MeasurementStatus::VerificationFailed ||
      now.status == MeasurementStatus::Error) {
    g.verdict = GateVerdict::NowFailing;
    return g;
  }
  if (now.status == MeasurementStatus::Unsupported) {
    g.verdict = GateVerdict::NowUnsupported;
    return g;
  }
  if (now.status != MeasurementStatus::Ok || !(base.figure.median > 0)) {
    g.verdict = GateVerdict::NotMeasured;
    return g;
  }
  g.ratio = now.figure.median / base.figure.median;
  g.worse_by = g.lower_is_better ? g.ratio - 1.0 : 1.0 - g.ratio;
  g.baseline_interval = median_interval(kernel.kernel, base);
  g.current_interval = median_interval(kernel.kernel, now);
  if (g.worse_by <= threshold) {
    g.verdict = GateVerdict::Pass;
    return g;
  }
  // Noise rule: a change is real only when the two medians' confidence intervals (sample
  // ranges for 5 samples or fewer) are disjoint; overlapping ones could be one median.
  const bool overlap = g.current_interval.low <= g.baseline_interval.high &&
                       g.baseline_interval.low <= g.current_interval.high;
  g.verdict = overlap ? GateVerdict::WithinNoise : GateVerdict::Regression;
  return g;
}

}  // namespace

GateResult evaluate_gate(const RunReport& baseline, const RunReport& current, double threshold) {
  require_same_major({&baseline, &current});
  GateResult gate;
  gate.threshold = threshold;
  gate.baseline_file = file_name(baseline);
  gate.current_file = file_name(current);
  auto find_device = [](const RunReport& r, const DeviceInfo& d) -> const DeviceResult* {
    for (const auto& x : r.devices)
      if (x.device.backend == d.backend && x.device.index == d.index && x.device.name == d.name)
        return &x;
    return nullptr;
  };
  for (const auto& now_device : current.devices) {
    const std::string label = now_device.device.label();
    const DeviceResult* base_device = find_device(baseline, now_device.device);
    if (!base_device) {
      std::string has;
      for (const auto& d : baseline.devices) has += (has.empty() ? "" : ", ") + d.device.label();
      throw std::invalid_argument(
          "baseline " + printable(gate.baseline_file) + " has no device " + printable(label) +
          " (it has " + (has.empty() ? std::string("none") : printable(has)) +
          "); record a baseline on this machine with `gpuprobe run ... --json BASELINE`");
    }
    for (const auto& k : now_device.kernels) {
      const KernelResult* base_kernel = base_device->find(k.kernel);
      for (const auto& p : k.points) {
        const Measurement* base_point = nullptr;
        if (base_kernel)
          for (const auto& b : base_kernel->points)
            if (b.requested == p.requested) base_point = &b;
        if (!base_point) {
          gate.only_current.push_back(label + " " + k.kernel + " " +
                                      describe_params(k.kernel, p.requested));
          continue;
        }
        gate.points.push_back(judge(label, k, *base_point, p, threshold));
      }
    }
    for (const auto& bk : base_device->kernels)
      for (const auto& b : bk.points) {
        const KernelResult* now_kernel = now_device.find(bk.kernel);
        const bool found =
            now_kernel &&
            std::any_of(now_kernel->points.begin(), now_kernel->points.end(),
                        [&](const Measurement& m) { return m.requested == b.requested; });
        if (!found)
          gate.only_baseline.push_back(label + " " + bk.kernel + " " +
                                       describe_params(bk.kernel, b.requested));
      }
  }
  for (const auto& d : baseline.devices)
    if (!find_device(current, d.device)) gate.missing_devices.push_back(d.device.label());
  if (gate.points.empty())
    throw std::invalid_argument(printable(gate.current_file) + " and baseline " +
                                printable(gate.baseline_file) +
                                " have no point in common (same device, kernel and parameters); "
                                "run the baseline's kernels and sizes");
  return gate;
}

}  // namespace gpuprobe
