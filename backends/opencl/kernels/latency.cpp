// Latency: pointer_chase (dependent loads through a random cycle), launch_latency (one
// tiny kernel per host round trip) and launch_gap (device time between tiny kernels queued
// back to back).
#include <string>
#include <vector>

#include "../buffers.hpp"
#include "../cl_query.hpp"
#include "../launch.hpp"
#include "../launch_tally.hpp"
#include "../timing.hpp"
#include "kernels.hpp"
#include "kit/chase.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::opencl {
namespace {

constexpr uint64_t kNodeBytes = 64;  // one cache line per node on every device we know
constexpr uint32_t kNodeWords = kNodeBytes / 4;
// Steps per launch (kit::chase_steps_per_launch): at least 2^16 so a launch is long next to
// its own overhead, at most 2^19 so a launch on a large buffer stays around 0.1 s even at
// GPU DRAM latency; the chase continues across launches, so the launches of a point walk the
// whole cycle whatever its length.
constexpr uint64_t kMinSteps = uint64_t{1} << 16;
constexpr uint64_t kMaxSteps = uint64_t{1} << 19;

gp_status run_pointer_chase(DeviceContext& device, const gp_run_params& params,
                            gp_run_result& result) {
  uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, kNodeBytes, result);
  uint64_t nodes = bytes / kNodeBytes;
  if (nodes > UINT32_MAX) {
    nodes = UINT32_MAX;
    bytes = nodes * kNodeBytes;
    plugin::append_note(&result, "node count clamped to 2^32-1");
  }
  if (nodes < 2)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                        "pointer_chase needs at least 2 nodes (128 bytes)");
  const kit::ChaseCycle cycle(static_cast<uint32_t>(nodes), params.seed);
  const auto steps =
      static_cast<uint32_t>(kit::chase_steps_per_launch(cycle.nodes(), kMinSteps, kMaxSteps));
  Mem table = create_buffer(device, CL_MEM_READ_ONLY, bytes, "chase nodes");
  {
    std::vector<uint32_t> host(nodes * kNodeWords);
    cycle.write_nodes(host.data(), kNodeWords, params.seed);
    write_buffer(device, table.get(), host.data(), bytes);
  }
  // Where the chase stands (node 0 before the first launch, then wherever the last stopped)
  // and its launch tally (kit::kChaseStateWords).
  constexpr size_t kStateBytes = kit::kChaseStateWords * 4;
  Mem position = create_buffer(device, CL_MEM_READ_WRITE, kStateBytes, "chase position");
  const cl_uint start[kit::kChaseStateWords] = {};
  write_buffer(device, position.get(), start, kStateBytes);
  Kernel kernel = device.kernel("pointer_chase", "", "pointer_chase");
  set_args(kernel, table.get(), cl_uint{steps}, position.get());

  kit::Ledger ledger;
  // No poison: the position is the chase's own state (an index every launch loads from);
  // the end position after all launches, warm-up included, is what proves them.
  const gp_status status = kit::collect_samples(
      params, result, ledger, [] {},
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t, cl_event* event) {
          launch_1d(device.queue(), kernel, 1, 1, event);
        });
      });
  if (status != GP_OK) return status;

  uint32_t got[kit::kChaseStateWords] = {};
  read_buffer(device, position.get(), got, kStateBytes);
  kit::check_chase_end(result, got[0], got[1], cycle, ledger, steps, params);
  result.size_bytes = bytes;
  result.work_items = 1;
  result.work_per_iteration = steps;  // dependent loads
  return GP_OK;
}

// The empty kernel of launch_latency and launch_gap. Each launch stores its key in a
// poisoned marker word, so the last launch's key proves that it ran, and adds 1 to the
// launch tally, which proves the launches before it.
struct EmptyLaunch {
  EmptyLaunch(DeviceContext& device)
      : marker(create_buffer(device, CL_MEM_READ_WRITE, 4, "launch marker")),
        kernel(device.kernel("launch_latency", "", "launch_latency")),
        tally(device) {
    poison(device);
    set_args(kernel, marker.get(), cl_uint{0}, tally.get());
  }
  void poison(DeviceContext& device) const {
    poison_buffer(device, marker.get(), 4);
    tally.reset(device);
  }
  void enqueue(DeviceContext& device, uint32_t key, cl_event* event) const {
    set_arg(kernel, 1, cl_uint{key});
    launch_1d(device.queue(), kernel, 1, 1, event);
  }
  // `leading_launches`: launches issued on purpose beyond the plan since poison().
  void verify(DeviceContext& device, const kit::Ledger& ledger, const gp_run_params& params,
              gp_run_result& result, uint64_t leading_launches = 0) const {
    uint32_t got = 0;
    read_buffer(device, marker.get(), &got, 4);
    kit::begin_checks(result);
    kit::check_launch_tally(result, tally.read(device), ledger, params, leading_launches);
    if (got != ledger.last_key)
      kit::fail_check(result, "launch marker is " + std::to_string(got) +
                                  ", expected the last launch's key " +
                                  std::to_string(ledger.last_key));
  }
  Mem marker;
  Kernel kernel;
  LaunchTally tally;
};

gp_status run_launch_latency(DeviceContext& device, const gp_run_params& params,
                             gp_run_result& result) {
  const EmptyLaunch launch(device);

  // Host round trips by definition: submit, wait until the host sees completion, repeat.
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger, [&] { launch.poison(device); },
      [&](const kit::BatchPlan& plan) {
        return host_timed_round_trips(device, plan, [&](uint32_t key, cl_event* event) {
          launch.enqueue(device, key, event);
        });
      });
  if (status != GP_OK) return status;

  launch.verify(device, ledger, params, result);
  result.timer = GP_TIMER_HOST;
  result.size_bytes = 4;
  result.work_items = 1;
  result.work_per_iteration = 1;  // one launch
  return GP_OK;
}

// One batch of launch_gap: n + 1 empty launches behind a gate, each with its own event.
struct GapBatch {
  int64_t gaps_ns = 0;          // sum of START(i+1) - END(i); signed, a driver may stamp overlaps
  uint64_t span_ns = 0;         // END(last) - START(first): what the batch cost the device
  bool leading_launch = false;  // the extra launch went out (the launch tally counts it)
};

// The plan's issued launches, led by one more launch with the first key: n launches
// give n gaps. No launch issued (a fault that drops them): no gap, no span.
GapBatch timed_gaps(DeviceContext& device, const EmptyLaunch& launch, const kit::BatchPlan& plan) {
  std::vector<uint32_t> keys;
  for (uint32_t i = 0; i < plan.count; ++i)
    if (plan.issues(i)) keys.push_back(plan.key(i));
  GapBatch batch;
  if (keys.empty()) return batch;
  keys.insert(keys.begin(), keys.front());
  batch.leading_launch = true;
  std::vector<Event> events(keys.size());
  {
    // Behind the gate every launch is queued before the first starts, so a gap is the
    // device's (and driver's) own turnaround, never the host enqueueing the next kernel.
    QueueGate gate(device);
    for (size_t i = 0; i < keys.size(); ++i) launch.enqueue(device, keys[i], events[i].out());
    gate.open();
    check(clFinish(device.queue()), "clFinish");
  }
  uint64_t previous_end = profiling_ns(events[0].get(), CL_PROFILING_COMMAND_END);
  for (size_t i = 1; i < events.size(); ++i) {
    const uint64_t start = profiling_ns(events[i].get(), CL_PROFILING_COMMAND_START);
    batch.gaps_ns += static_cast<int64_t>(start) - static_cast<int64_t>(previous_end);
    previous_end = profiling_ns(events[i].get(), CL_PROFILING_COMMAND_END);
  }
  const uint64_t first_start = profiling_ns(events[0].get(), CL_PROFILING_COMMAND_START);
  batch.span_ns = previous_end > first_start ? previous_end - first_start : 0;
  return batch;
}

gp_status run_launch_gap(DeviceContext& device, const gp_run_params& params,
                         gp_run_result& result) {
  const EmptyLaunch launch(device);

  const auto resolution =
      try_device_value<size_t>(device.device(), CL_DEVICE_PROFILING_TIMER_RESOLUTION);
  const uint64_t resolution_ns = resolution && *resolution > 0 ? *resolution : 1;

  // The batch is sized by what it costs the device (the span, launches included), not by
  // the sum of its gaps: gaps are a fraction of the span, and on a device whose gaps are
  // below its timer resolution calibration would otherwise grow the batch to millions of
  // launches. collect_samples sees the spans; the gap sums of the batches it keeps as
  // samples (always its last calls) replace them afterwards.
  std::vector<int64_t> gap_sums;
  uint64_t leading_launches = 0;  // one per timed batch that issued any launch
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger, [&] { launch.poison(device); },
      [&](const kit::BatchPlan& plan) {
        const GapBatch batch = timed_gaps(device, launch, plan);
        if (plan.timed && batch.leading_launch) ++leading_launches;
        gap_sums.push_back(batch.gaps_ns);
        return static_cast<double>(batch.span_ns) * 1e-9;
      });
  if (status != GP_OK) return status;

  uint32_t clamped = 0;
  const size_t first = gap_sums.size() - result.sample_count;
  for (uint32_t s = 0; s < result.sample_count; ++s) {
    int64_t ns = gap_sums[first + s];
    if (ns <= 0) {
      // No measurable gap: the timer cannot tell the kernels apart. Report the resolution,
      // the smallest gap this timer could have shown, and say so; never a made-up figure.
      ns = static_cast<int64_t>(resolution_ns * result.iterations);
      ++clamped;
    }
    result.sample_seconds[s] = static_cast<double>(ns) * 1e-9;
  }
  if (clamped > 0) {
    result.adjustments |= GP_ADJUST_SUBSTITUTED;  // the core marks the figure '*' with the note
    plugin::append_note(
        &result, "gaps at or below the profiling timer resolution in " + std::to_string(clamped) +
                     " of " + std::to_string(result.sample_count) + " samples: reported as " +
                     std::to_string(resolution_ns) + " ns per gap (an upper bound)");
  }

  launch.verify(device, ledger, params, result, leading_launches);
  result.timer = GP_TIMER_DEVICE;
  result.size_bytes = 4;
  result.work_items = 1;
  result.work_per_iteration = 1;  // one gap
  return GP_OK;
}

}  // namespace

const KernelEntry kernel_POINTER_CHASE{run_pointer_chase, always_supported};
const KernelEntry kernel_LAUNCH_LATENCY{run_launch_latency, always_supported};
const KernelEntry kernel_LAUNCH_GAP{run_launch_gap, always_supported};

}  // namespace gpuprobe::opencl
