// Latency: pointer_chase (dependent loads through a random cycle), launch_latency (one
// empty kernel per host round trip) and launch_gap (device time between empty kernels queued
// back to back), as backends/opencl/kernels/latency.cpp does them. Device code:
// shaders/pointer_chase.cu, shaders/launch_latency.cu.
#include <string>
#include <vector>

#include "../kernels.cuh"
#include "../timing.hpp"
#include "kernels.hpp"
#include "kit/chase.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::cuda {
namespace {

constexpr uint64_t kNodeBytes = 64;
constexpr uint32_t kNodeWords = kNodeBytes / 4;
constexpr uint64_t kMinSteps = uint64_t{1} << 16;
constexpr uint64_t kMaxSteps = uint64_t{1} << 19;
// cudaEventElapsedTime's resolution, as the CUDA documentation states it (~0.5 us).
constexpr uint64_t kEventResolutionNs = 500;

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
  const DeviceBuffer table = device_alloc(bytes, "chase nodes");
  {
    std::vector<uint32_t> host(nodes * kNodeWords);
    cycle.write_nodes(host.data(), kNodeWords, params.seed);
    device.upload(table.get(), host.data(), bytes);
  }
  // Node reached and launch tally (kit::kChaseStateWords), both 0 before the warm-up.
  constexpr size_t kStateBytes = kit::kChaseStateWords * 4;
  const DeviceBuffer position = device_alloc(kStateBytes, "chase position");
  device.fill_words(position.get(), 0, kStateBytes);
  const uint32_t fault = fault_code();

  kit::Ledger ledger;
  // No poison: the position is the chase's own state; the end position after all launches,
  // warm-up included, proves them.
  const gp_status status = kit::collect_samples(
      params, result, ledger, [] {},
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t) {
          check(launch::pointer_chase(device.stream(), table.as(), steps, position.as(), fault),
                "pointer_chase launch");
        });
      });
  if (status != GP_OK) return status;

  uint32_t got[kit::kChaseStateWords] = {};
  device.download(got, position.get(), kStateBytes);
  kit::check_chase_end(result, got[0], got[1], cycle, ledger, steps, params);
  result.size_bytes = bytes;
  result.work_items = 1;
  result.work_per_iteration = steps;
  return GP_OK;
}

// The empty kernel of launch_latency and launch_gap: the last launch's key in a poisoned
// marker word, and the launch tally for the launches before it.
struct EmptyLaunch {
  explicit EmptyLaunch(DeviceContext& device)
      : marker(device_alloc(4, "launch marker")), tally(device), fault(fault_code()) {
    poison(device);
  }
  void poison(DeviceContext& device) const {
    device.fill_words(marker.get(), kit::kPoisonWord, 4);
    tally.reset(device);
  }
  void enqueue(DeviceContext& device, uint32_t key) const {
    check(launch::launch_latency(device.stream(), marker.as(), key, tally.get(), fault),
          "launch_latency launch");
  }
  void verify(DeviceContext& device, const kit::Ledger& ledger, const gp_run_params& params,
              gp_run_result& result, uint64_t leading_launches = 0) const {
    uint32_t got = 0;
    device.download(&got, marker.get(), 4);
    kit::begin_checks(result);
    kit::check_launch_tally(result, tally.read(device), ledger, params, leading_launches);
    if (got != ledger.last_key)
      kit::fail_check(result, "launch marker is " + std::to_string(got) +
                                  ", expected the last launch's key " +
                                  std::to_string(ledger.last_key));
  }
  DeviceBuffer marker;
  LaunchTally tally;
  uint32_t fault;
};

gp_status run_launch_latency(DeviceContext& device, const gp_run_params& params,
                             gp_run_result& result) {
  const EmptyLaunch launch(device);
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger, [&] { launch.poison(device); },
      [&](const kit::BatchPlan& plan) {
        return host_timed_round_trips(device, plan,
                                      [&](uint32_t key) { launch.enqueue(device, key); });
      });
  if (status != GP_OK) return status;
  launch.verify(device, ledger, params, result);
  result.timer = GP_TIMER_HOST;
  result.size_bytes = 4;
  result.work_items = 1;
  result.work_per_iteration = 1;
  return GP_OK;
}

struct GapBatch {
  int64_t gaps_ns = 0;  // sum of start(i+1) - end(i)
  uint64_t span_ns = 0;
  bool leading_launch = false;
};

// n + 1 empty launches behind the gate, an event before and after each: n gaps.
GapBatch timed_gaps(DeviceContext& device, const EmptyLaunch& launch, const kit::BatchPlan& plan) {
  std::vector<uint32_t> keys;
  for (uint32_t i = 0; i < plan.count; ++i)
    if (plan.issues(i)) keys.push_back(plan.key(i));
  GapBatch batch;
  if (keys.empty()) return batch;
  keys.insert(keys.begin(), keys.front());
  batch.leading_launch = true;
  std::vector<Event> starts(keys.size()), ends(keys.size());
  {
    QueueGate gate(device);
    for (size_t i = 0; i < keys.size(); ++i) {
      check(cudaEventRecord(starts[i].get(), device.stream()), "cudaEventRecord");
      launch.enqueue(device, keys[i]);
      check(cudaEventRecord(ends[i].get(), device.stream()), "cudaEventRecord");
    }
    gate.open();
  }
  device.synchronize();
  for (size_t i = 1; i < keys.size(); ++i)
    batch.gaps_ns += static_cast<int64_t>(elapsed_seconds(ends[i - 1], starts[i]) * 1e9);
  batch.span_ns = static_cast<uint64_t>(elapsed_seconds(starts.front(), ends.back()) * 1e9);
  return batch;
}

gp_status run_launch_gap(DeviceContext& device, const gp_run_params& params,
                         gp_run_result& result) {
  const EmptyLaunch launch(device);
  std::vector<int64_t> gap_sums;
  uint64_t leading_launches = 0;
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
      ns = static_cast<int64_t>(kEventResolutionNs * result.iterations);
      ++clamped;
    }
    result.sample_seconds[s] = static_cast<double>(ns) * 1e-9;
  }
  if (clamped > 0) {
    result.adjustments |= GP_ADJUST_SUBSTITUTED;
    plugin::append_note(
        &result, "gaps at or below the CUDA event timer resolution in " + std::to_string(clamped) +
                     " of " + std::to_string(result.sample_count) + " samples: reported as " +
                     std::to_string(kEventResolutionNs) + " ns per gap (an upper bound)");
  }
  launch.verify(device, ledger, params, result, leading_launches);
  result.timer = GP_TIMER_DEVICE;
  result.size_bytes = 4;
  result.work_items = 1;
  result.work_per_iteration = 1;
  return GP_OK;
}

}  // namespace

const KernelEntry kernel_POINTER_CHASE{run_pointer_chase, always_supported};
const KernelEntry kernel_LAUNCH_LATENCY{run_launch_latency, always_supported};
const KernelEntry kernel_LAUNCH_GAP{run_launch_gap, always_supported};

}  // namespace gpuprobe::cuda
