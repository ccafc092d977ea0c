// run_sustained_load (gpuprobe/sustained_load.hpp): intervals of one verified point each,
// back to back at full load, then busy/idle periods at partial load.
#include "gpuprobe/sustained_load.hpp"

#include <cmath>
#include <stdexcept>
#include <thread>

#include "gpuprobe/kernels.hpp"

namespace gpuprobe {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void check(const SustainedLoadOptions& o) {
  auto bad = [](const std::string& what) { throw std::invalid_argument(what); };
  if (!(o.seconds > 0) || !std::isfinite(o.seconds) || o.seconds > 7 * 24 * 3600.0)
    bad("the load's duration must be above 0 s and at most a week");
  if (!(o.partial_share >= 0 && o.partial_share < 1))
    bad("the partial-load share must be from 0 up to (not including) 1");
  if (!(o.partial_busy > 0 && o.partial_busy < 1))
    bad("the busy fraction at partial load must be between 0 and 1");
  if (!(o.interval_seconds >= 0.05 && o.interval_seconds <= 60))
    bad("the interval must be from 0.05 to 60 s");
  const KernelSpec* spec = find_kernel(o.kernel);
  if (!spec) bad("unknown kernel '" + o.kernel + "' for the sustained load");
}

// One interval: one point of the kernel, five samples of a fifth of the interval each.
LoadInterval run_interval(Session& session, const SustainedLoadOptions& o, std::string& unit,
                          std::string& label) {
  RunOptions run;
  run.devices = {o.device};
  run.kernels = {o.kernel};
  run.samples = 5;
  run.max_samples = 5;
  run.min_sample_seconds = o.interval_seconds / 5;
  run.sampling_budget_seconds = 0;
  run.point_timeout_seconds = o.point_timeout_seconds;
  // One point per interval: a single size, width and shape (the suite's sweeps would spend
  // the interval planning and warming up instead of loading the device).
  run.sizes_bytes = {uint64_t{64} << 20};
  run.vector_widths = {4};
  run.matmul_shapes = {{1024, 1024, 1024}};
  run.matmul_precisions = {"fp32"};
  const RunReport report = session.run(run);
  LoadInterval interval;
  interval.status = MeasurementStatus::Error;
  interval.message = "the device returned no result";
  for (const auto& device : report.devices) {
    label = device.device.label();
    for (const auto& kernel : device.kernels) {
      if (kernel.kernel != o.kernel || kernel.points.empty()) continue;
      unit = kernel.unit;
      const Measurement& p = kernel.points.front();  // the first (smallest) point suffices
      interval.status = p.status;
      interval.message = p.message;
      interval.throughput = p.figure.median;
      interval.telemetry = p.telemetry;
    }
  }
  return interval;
}

}  // namespace

SustainedLoad run_sustained_load(Session& session, const SustainedLoadOptions& options,
                                 const LoadProgress& progress, const std::atomic<bool>* cancel) {
  check(options);
  RunOptions probe;
  probe.devices = {options.device};
  probe.kernels = {options.kernel};
  session.validate(probe);  // names the valid devices and kernels

  SustainedLoad load;
  load.device = options.device;
  load.kernel = options.kernel;
  load.partial_seconds = options.seconds * options.partial_share;
  load.full_seconds = options.seconds - load.partial_seconds;
  const auto start = Clock::now();
  auto stop = [&] { return cancel && cancel->load(); };

  // Full load: intervals back to back.
  while (since(start) < load.full_seconds && !stop()) {
    LoadInterval interval = run_interval(session, options, load.unit, load.device_label);
    interval.end_seconds = since(start);
    if (interval.status == MeasurementStatus::Unsupported ||
        (load.intervals.empty() && interval.status == MeasurementStatus::Error))
      throw std::runtime_error("the sustained load cannot run " + options.kernel + " on " +
                               options.device.backend + ":" + std::to_string(options.device.index) +
                               ": " + interval.message);
    load.intervals.push_back(std::move(interval));
    if (progress) progress(load);
  }
  // Partial load: busy for an interval, then idle so the busy share is partial_busy.
  const auto partial_start = Clock::now();
  while (since(partial_start) < load.partial_seconds && !stop()) {
    const auto busy_start = Clock::now();
    LoadInterval interval = run_interval(session, options, load.unit, load.device_label);
    const double busy = since(busy_start);
    const double idle = busy * (1 - options.partial_busy) / options.partial_busy;
    // Sleep in short steps so a cancel is seen promptly.
    const auto idle_end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(idle));
    while (Clock::now() < idle_end && !stop())
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    interval.partial = true;
    interval.busy_fraction = options.partial_busy;
    interval.end_seconds = since(start);
    load.intervals.push_back(std::move(interval));
    if (progress) progress(load);
  }
  load.cancelled = stop();
  return load;
}

}  // namespace gpuprobe
