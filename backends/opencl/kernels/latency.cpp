// Latency: pointer_chase (dependent loads through a random cycle), launch_latency (one
// tiny kernel per host round trip) and launch_gap (device time between tiny kernels queued
// back to back).
#include <algorithm>
#include <string>
#include <vector>

#include "../buffers.hpp"
#include "../cl_query.hpp"
#include "../launch.hpp"
#include "../timing.hpp"
#include "gpuprobe/reference.hpp"
#include "kernels.hpp"

namespace gpuprobe::opencl {
namespace {

namespace ref = gpuprobe::reference;

constexpr uint64_t kNodeBytes = 64;  // one cache line per node on every device we know
constexpr uint32_t kNodeWords = kNodeBytes / 4;

// Steps per launch: at least one full lap of the cycle (every node visited) for small
// working sets, at least 2^16 so a launch is long next to its own overhead, at most 2^20
// so a launch on a large buffer stays around 0.1 s even at DRAM latency.
uint32_t chase_steps(uint64_t nodes) {
  return static_cast<uint32_t>(std::clamp<uint64_t>(nodes, uint64_t{1} << 16, uint64_t{1} << 20));
}

gp_status run_pointer_chase(DeviceContext& device, const gp_run_params& params,
                            gp_run_result& result) {
  uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, kNodeBytes, &result);
  uint64_t nodes = bytes / kNodeBytes;
  if (nodes > UINT32_MAX) {
    nodes = UINT32_MAX;
    bytes = nodes * kNodeBytes;
    plugin::append_note(&result, "node count clamped to 2^32-1");
  }
  if (nodes < 2)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                        "pointer_chase needs at least 2 nodes (128 bytes)");
  const std::vector<uint32_t> next = ref::sattolo_cycle(static_cast<uint32_t>(nodes), params.seed);
  const uint32_t steps = chase_steps(nodes);
  const uint32_t start = 0;
  Mem chain = create_buffer(device, CL_MEM_READ_ONLY, bytes, "chase nodes");
  {
    // Random payload in the rest of each node; word 0 links to the successor.
    std::vector<uint32_t> host(nodes * kNodeWords);
    ref::fill_random_words(host.data(), host.size(), params.seed);
    for (uint64_t i = 0; i < nodes; ++i) host[i * kNodeWords] = next[i];
    write_buffer(device, chain.get(), host.data(), bytes);
  }
  Mem last = create_buffer(device, CL_MEM_WRITE_ONLY, 4, "chase result");
  Kernel kernel = device.kernel("pointer_chase", "", "pointer_chase");
  set_args(kernel, chain.get(), cl_uint{start}, cl_uint{steps}, last.get());

  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return device_timed_batch(
        device, n, [&](cl_event* event) { launch_1d(device.queue(), kernel, 1, 1, event); });
  });
  if (status != GP_OK) return status;

  uint32_t got = 0;
  read_buffer(device, last.get(), &got, 4);
  const uint32_t expected = ref::chase(next, start, steps);
  result.verification = GP_VERIFY_PASSED;
  if (got != expected) {
    result.verification = GP_VERIFY_FAILED;
    plugin::append_note(&result, "chase ended at node " + std::to_string(got) + ", expected " +
                                     std::to_string(expected));
  }
  result.size_bytes = bytes;
  result.work_items = 1;
  result.work_per_iteration = steps;  // dependent loads
  return GP_OK;
}

// The empty kernel of launch_latency and launch_gap. It stores the seed (or 1 if the seed
// is 0), so a launch that did not run cannot pass by leaving the zero in place.
struct EmptyLaunch {
  EmptyLaunch(DeviceContext& device, uint32_t seed)
      : out(create_buffer(device, CL_MEM_WRITE_ONLY, 4, "launch output")),
        value(seed != 0 ? seed : 1),
        kernel(device.kernel("launch_latency", "", "launch_latency")) {
    const cl_uint zero = 0;
    write_buffer(device, out.get(), &zero, 4);
    set_args(kernel, out.get(), value);
  }
  void verify(DeviceContext& device, gp_run_result& result) const {
    uint32_t got = 0;
    read_buffer(device, out.get(), &got, 4);
    result.verification = got == value ? GP_VERIFY_PASSED : GP_VERIFY_FAILED;
    if (got != value)
      plugin::append_note(
          &result, "kernel stored " + std::to_string(got) + ", expected " + std::to_string(value));
  }
  Mem out;
  cl_uint value;
  Kernel kernel;
};

gp_status run_launch_latency(DeviceContext& device, const gp_run_params& params,
                             gp_run_result& result) {
  EmptyLaunch launch(device, params.seed);
  const Kernel& kernel = launch.kernel;

  // Host round trips by definition: submit, wait until the host sees completion, repeat.
  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return host_timed_round_trips(
        device, n, [&](cl_event* event) { launch_1d(device.queue(), kernel, 1, 1, event); });
  });
  if (status != GP_OK) return status;

  launch.verify(device, result);
  result.timer = GP_TIMER_HOST;
  result.size_bytes = 4;
  result.work_items = 1;
  result.work_per_iteration = 1;  // one launch
  return GP_OK;
}

// One batch of launch_gap: n + 1 empty launches behind a gate, each with its own event.
struct GapBatch {
  int64_t gaps_ns = 0;   // sum of START(i+1) - END(i); signed, a driver may stamp overlaps
  uint64_t span_ns = 0;  // END(last) - START(first): what the batch cost the device
};

GapBatch timed_gaps(DeviceContext& device, const Kernel& kernel, uint32_t gaps) {
  std::vector<Event> events(size_t{gaps} + 1);
  {
    // Behind the gate every launch is queued before the first starts, so a gap is the
    // device's (and driver's) own turnaround, never the host enqueueing the next kernel.
    QueueGate gate(device);
    for (Event& event : events) launch_1d(device.queue(), kernel, 1, 1, event.out());
    gate.open();
    check(clFinish(device.queue()), "clFinish");
  }
  GapBatch batch;
  uint64_t previous_end = profiling_ns(events[0].get(), CL_PROFILING_COMMAND_END);
  for (uint32_t i = 1; i <= gaps; ++i) {
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
  EmptyLaunch launch(device, params.seed);
  const Kernel& kernel = launch.kernel;

  const auto resolution =
      try_device_value<size_t>(device.device(), CL_DEVICE_PROFILING_TIMER_RESOLUTION);
  const uint64_t resolution_ns = resolution && *resolution > 0 ? *resolution : 1;

  // The batch is sized by what it costs the device (the span, launches included), not by
  // the sum of its gaps: gaps are a fraction of the span, and on a device whose gaps are
  // below its timer resolution calibration would otherwise grow the batch to millions of
  // launches. collect_samples sees the spans; the gap sums of the batches it keeps as
  // samples (always its last calls) replace them afterwards.
  std::vector<int64_t> gap_sums;
  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    const GapBatch batch = timed_gaps(device, kernel, n);
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
  if (clamped > 0)
    plugin::append_note(
        &result, "gaps at or below the profiling timer resolution in " + std::to_string(clamped) +
                     " of " + std::to_string(result.sample_count) + " samples: reported as " +
                     std::to_string(resolution_ns) + " ns per gap (an upper bound)");

  launch.verify(device, result);
  result.timer = GP_TIMER_DEVICE;
  result.size_bytes = 4;
  result.work_items = 1;
  result.work_per_iteration = 1;  // one gap
  return GP_OK;
}

}  // namespace

const KernelEntry kPointerChaseKernel{run_pointer_chase, always_supported};
const KernelEntry kLaunchLatencyKernel{run_launch_latency, always_supported};
const KernelEntry kLaunchGapKernel{run_launch_gap, always_supported};

}  // namespace gpuprobe::opencl
