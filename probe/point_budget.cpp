#include "point_budget.hpp"

#include <algorithm>
#include <cstdio>

namespace gpuprobe {

// Matmul cost grows with M x N x K, and a software device reaches a few GFLOPS: a point
// whose estimate (from the largest shape of the same kernel already measured on this
// device: rates fall as shapes outgrow the caches, so the fastest, often smallest, shape
// underestimates; seen with CLBlast on PoCL, 24 GFLOPS at 1024^3 and 16 at 4096^3) exceeds
// the budget is skipped with the estimate, rather than stalling the suite.
namespace {

// The measured point whose rate best predicts `point`: the largest shape of its kernel
// and precision measured on this device (the fastest among equals).
const Measurement* rate_basis(const DeviceResult& device, const PlannedPoint& point) {
  if (point.kernel->family != "matmul") return nullptr;
  const KernelResult* done = device.find(point.kernel->name);
  if (!done) return nullptr;
  auto work = [](const KernelParams& p) { return double(p.m) * double(p.n) * double(p.k); };
  const Measurement* fastest = nullptr;  // of the largest shapes measured
  for (const auto& p : done->points) {
    if (p.status != MeasurementStatus::Ok || p.requested.precision != point.params.precision)
      continue;
    if (!fastest || work(p.requested) > work(fastest->requested) ||
        (work(p.requested) == work(fastest->requested) && p.figure.median > fastest->figure.median))
      fastest = &p;
  }
  return fastest && fastest->figure.median > 0 ? fastest : nullptr;
}

}  // namespace

double estimate_point_seconds(const DeviceResult& device, const PlannedPoint& point,
                              const RunOptions& options) {
  const Measurement* fastest = rate_basis(device, point);
  if (!fastest) return 0;
  const double flops =
      2.0 * double(point.params.m) * double(point.params.n) * double(point.params.k);
  const double launch_seconds = flops / (fastest->figure.median * 1e9);
  // warm-up + calibration + samples, each at least one launch
  return launch_seconds * double(options.samples + 2);
}

double family_estimate_seconds(const DeviceResult& device, const PlannedPoint& point,
                               const RunOptions& options) {
  double longest = 0;
  for (const auto& spec : kernel_specs())
    if (spec.family == point.kernel->family)
      longest = std::max(longest, estimate_point_seconds(device, {&spec, point.params}, options));
  return longest;
}

std::string estimate_over_budget(const DeviceResult& device, const PlannedPoint& point,
                                 const RunOptions& options) {
  if (options.point_budget_seconds <= 0) return {};
  const Measurement* fastest = rate_basis(device, point);
  if (!fastest) return {};
  const double estimate = estimate_point_seconds(device, point, options);
  if (estimate <= options.point_budget_seconds) return {};
  char text[256];
  std::snprintf(text, sizeof text,
                "estimated %.0f s at the %.1f GFLOPS reached at %s, over the %.0f s budget per "
                "point; run it alone with --matmul %llux%llux%llu",
                estimate, fastest->figure.median,
                describe_params(point.kernel->name, fastest->requested).c_str(),
                options.point_budget_seconds, (unsigned long long)point.params.m,
                (unsigned long long)point.params.n, (unsigned long long)point.params.k);
  return text;
}

}  // namespace gpuprobe
