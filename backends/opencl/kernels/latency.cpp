// Latency: pointer_chase (dependent loads through a random cycle) and launch_latency (one
// tiny kernel per host round trip).
#include <algorithm>
#include <vector>

#include "../buffers.hpp"
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

gp_status run_launch_latency(DeviceContext& device, const gp_run_params& params,
                             gp_run_result& result) {
  Mem out = create_buffer(device, CL_MEM_WRITE_ONLY, 4, "launch output");
  const cl_uint zero = 0;
  write_buffer(device, out.get(), &zero, 4);
  // The seed as the stored value, or 1 if the seed is 0, so a launch that did not run
  // cannot pass by leaving the zero in place.
  const cl_uint value = params.seed != 0 ? params.seed : 1;
  Kernel kernel = device.kernel("launch_latency", "", "launch_latency");
  set_args(kernel, out.get(), value);

  // Host round trips by definition: submit, wait until the host sees completion, repeat.
  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return host_timed_round_trips(
        device, n, [&](cl_event* event) { launch_1d(device.queue(), kernel, 1, 1, event); });
  });
  if (status != GP_OK) return status;

  uint32_t got = 0;
  read_buffer(device, out.get(), &got, 4);
  result.verification = got == value ? GP_VERIFY_PASSED : GP_VERIFY_FAILED;
  if (got != value)
    plugin::append_note(
        &result, "kernel stored " + std::to_string(got) + ", expected " + std::to_string(value));
  result.timer = GP_TIMER_HOST;
  result.size_bytes = 4;
  result.work_items = 1;
  result.work_per_iteration = 1;  // one launch
  return GP_OK;
}

}  // namespace

const KernelEntry kPointerChaseKernel{run_pointer_chase, always_supported};
const KernelEntry kLaunchLatencyKernel{run_launch_latency, always_supported};

}  // namespace gpuprobe::opencl
