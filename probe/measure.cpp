#include "measure.hpp"

#include <stdexcept>

#include "gpuprobe/precision.hpp"
#include "gpuprobe/printable.hpp"
#include "gpuprobe/utf8.hpp"
#include "plugin_backend.hpp"
#include "statistics.hpp"

namespace gpuprobe {

gp_run_params run_params_for(const KernelSpec& kernel, const KernelParams& p,
                             const MeasurePolicy& policy) {
  gp_run_params a{};
  a.struct_size = sizeof a;
  a.kernel = kernel.id;
  a.size_bytes = p.size_bytes;
  a.vector_width = p.vector_width ? p.vector_width : 1;
  const auto precision = precision_from_name(p.precision);
  if (!precision)
    throw std::invalid_argument("matmul precision '" + printable(p.precision) + "' is not one of " +
                                precision_names_text());
  a.precision = *precision;
  a.work_items = p.work_items;
  a.m = p.m;
  a.n = p.n;
  a.k = p.k;
  a.iterations = 0;  // plugin calibrates to min_sample_seconds
  a.samples = policy.samples;
  a.max_samples = policy.max_samples;
  a.target_ci_half_width = policy.target_ci_half_width;
  a.sampling_budget_seconds = policy.sampling_budget_seconds;
  a.warmup = policy.warmup;
  a.flags = p.pinned ? GP_FLAG_PINNED : 0u;
  a.seed = policy.seed;
  a.min_sample_seconds = policy.min_sample_seconds;
  a.cancel = policy.cancel;
  return a;
}

double figure_from_sample(const KernelSpec& kernel, double work_per_iteration, uint32_t iterations,
                          double seconds) {
  const double work = work_per_iteration * double(iterations);
  if (kernel.metric == GP_METRIC_RATE) return work / seconds / kernel.scale;
  return seconds / work * kernel.scale;
}

Measurement measure_point(const gp_plugin& plugin, uint32_t device, const KernelSpec& kernel,
                          const KernelParams& params, const MeasurePolicy& policy) {
  PluginBackend backend(plugin);
  return measure_point(backend, device, kernel, params, policy);
}

Measurement measure_point(BackendHandle& backend, uint32_t device, const KernelSpec& kernel,
                          const KernelParams& params, const MeasurePolicy& policy) {
  Measurement m;
  m.requested = params;
  m.effective = params;
  const gp_run_params abi = run_params_for(kernel, params, policy);
  auto failed_status = [](gp_status s) {
    return s == GP_ERR_CANCELLED     ? MeasurementStatus::Cancelled
           : s == GP_ERR_UNSUPPORTED ? MeasurementStatus::Unsupported
                                     : MeasurementStatus::Error;
  };

  const SupportAnswer support = backend.supports(device, abi, policy.watchdog_seconds);
  if (support.status != GP_OK) {
    m.status = failed_status(support.status);
    m.message = support.reason.empty() ? "not supported by this backend" : support.reason;
    return m;
  }

  const RunOutcome r = backend.run(device, abi, policy.watchdog_seconds);
  m.message = utf8_sanitize(r.note);  // worker replies carry driver bytes as they are
  m.effective.size_bytes = r.size_bytes ? r.size_bytes : params.size_bytes;
  m.effective.work_items = r.work_items ? r.work_items : params.work_items;
  m.iterations = r.iterations;
  m.work_per_iteration = r.work_per_iteration;
  m.timer = r.timer == GP_TIMER_HOST ? "host" : "device";
  m.adjustments.clamped = (r.adjustments & GP_ADJUST_CLAMPED) != 0;
  m.adjustments.substituted = (r.adjustments & GP_ADJUST_SUBSTITUTED) != 0;
  if (r.telemetry) {  // what the device did while it ran, whatever the outcome
    m.telemetry = TelemetrySummary{};
    m.telemetry->unavailable = utf8_sanitize(r.telemetry->unavailable);
    m.telemetry->samples = r.telemetry->samples;
    m.telemetry->interval_seconds = r.telemetry->interval_seconds;
    for (const auto& [name, range] : r.telemetry->fields)
      m.telemetry->fields[utf8_sanitize(name)] = range;
    m.telemetry->clock_events_reported = r.telemetry->clock_events_reported;
    for (const auto& e : r.telemetry->clock_events)
      m.telemetry->clock_events.push_back(utf8_sanitize(e));
  }

  if (r.status != GP_OK) {
    m.status = failed_status(r.status);
    const std::string err = r.error.empty() ? "run failed without a message" : r.error;
    m.message = m.message.empty() ? err : err + "; " + m.message;
    return m;
  }
  if (r.verification == GP_VERIFY_FAILED) {
    m.status = MeasurementStatus::VerificationFailed;
    if (m.message.empty()) m.message = "output does not match the host reference";
    return m;
  }
  if (r.verification != GP_VERIFY_PASSED && kernel.output_checked) {
    // kernels.def says this kernel's output proves its work: no check, no figure.
    m.status = MeasurementStatus::VerificationFailed;
    m.message = "the backend did not verify the output of " + kernel.name +
                ", so its figure is refused" + (m.message.empty() ? "" : "; " + m.message);
    return m;
  }
  if (r.sample_seconds.empty() || r.iterations == 0 || !(r.work_per_iteration > 0)) {
    m.status = MeasurementStatus::Error;
    m.message =
        "plugin returned no usable samples (samples=" + std::to_string(r.sample_seconds.size()) +
        ", iterations=" + std::to_string(r.iterations) + ")";
    return m;
  }
  std::vector<double> figures;
  for (const double seconds : r.sample_seconds) {
    if (!(seconds > 0)) {
      m.status = MeasurementStatus::Error;
      m.message = "plugin returned a non-positive sample time";
      return m;
    }
    m.sample_seconds.push_back(seconds);
    figures.push_back(figure_from_sample(kernel, r.work_per_iteration, r.iterations, seconds));
  }
  // `verified` vouches for a figure: set only once the point has its samples, so a
  // document never claims a verified point without them (result_io refuses that).
  m.verified = r.verification == GP_VERIFY_PASSED;
  m.figure = summarize(figures);
  m.noisy = is_noisy(m.figure);
  return m;
}

}  // namespace gpuprobe
