#include "point_check.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/telemetry_fields.hpp"
#include "measure.hpp"
#include "statistics.hpp"

namespace gpuprobe {
namespace {

constexpr double kRelativeTolerance = 1e-6;

bool close(double stored, double recomputed) {
  return std::fabs(stored - recomputed) <=
         kRelativeTolerance * std::max(std::fabs(stored), std::fabs(recomputed)) + 1e-300;
}

std::string mismatch(const char* name, double stored, double recomputed) {
  char text[160];
  std::snprintf(text, sizeof text, "%s is %.17g but its samples give %.17g", name, stored,
                recomputed);
  return text;
}

}  // namespace

std::string point_inconsistency(const std::string& kernel, const Measurement& m) {
  const bool ok = m.status == MeasurementStatus::Ok;
  if (m.telemetry)
    if (std::string wrong = telemetry_inconsistency(*m.telemetry); !wrong.empty()) return wrong;
  if (m.verified && m.sample_seconds.empty()) return "claims verified: true but has no samples";
  if (!ok) return {};
  if (m.sample_seconds.empty()) return "is ok but has no samples";
  for (double s : m.sample_seconds)
    if (!(s > 0) || !std::isfinite(s)) return "has a sample that is not a positive time";
  if (m.figure.count != m.sample_seconds.size())
    return "figure.count is " + std::to_string(m.figure.count) + " but it has " +
           std::to_string(m.sample_seconds.size()) + " samples";
  const KernelSpec* spec = find_kernel(kernel);
  if (!spec) {
    // A kernel from a newer gpuprobe: the unit conversion is unknown, the order is not.
    if (!(m.figure.min <= m.figure.median && m.figure.median <= m.figure.max))
      return "median is not between min and max";
    return {};
  }
  if (m.iterations == 0 || !(m.work_per_iteration > 0))
    return "is ok but has no iterations or work per iteration to turn samples into figures";
  std::vector<double> figures;
  for (double s : m.sample_seconds)
    figures.push_back(figure_from_sample(*spec, m.work_per_iteration, m.iterations, s));
  const Statistics r = summarize(figures);
  const Statistics& f = m.figure;
  if (!close(f.median, r.median)) return mismatch("median", f.median, r.median);
  if (!close(f.min, r.min)) return mismatch("min", f.min, r.min);
  if (!close(f.max, r.max)) return mismatch("max", f.max, r.max);
  if (!close(f.mean, r.mean)) return mismatch("mean", f.mean, r.mean);
  if (!close(f.p90, r.p90)) return mismatch("p90", f.p90, r.p90);
  if (!(std::fabs(f.cv - r.cv) <= kRelativeTolerance * std::max(f.cv, r.cv) + 1e-12))
    return mismatch("cv", f.cv, r.cv);
  // The mark follows the CV; right at the threshold either reading is allowed.
  if (m.noisy != is_noisy(r) && std::fabs(r.cv - kNoisyCv) > 1e-9)
    return std::string("noisy is ") + (m.noisy ? "true" : "false") + " but its CV is " +
           std::to_string(r.cv * 100.0) + " %";
  return {};
}

}  // namespace gpuprobe
