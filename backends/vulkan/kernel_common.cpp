#include "kernel_common.hpp"

#include <algorithm>
#include <cstring>

#include "gpuprobe/plugin_support.hpp"
#include "kit/checks.hpp"
#include "kit/sizes.hpp"
#include "vk_buffer.hpp"

namespace gpuprobe::vk {

void check_vector_width(const PhysicalDevice&, const gp_run_params& p) {
  const uint32_t w = p.vector_width;
  if (w != 1 && w != 2 && w != 4 && w != 8 && w != 16)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "vector_width must be 1, 2, 4, 8 or 16");
}

uint64_t clamp_working_set(KernelRun& run, uint64_t requested, uint32_t buffers, Binding binding,
                           uint64_t granularity) {
  const PhysicalDevice& physical = run.physical();
  uint64_t bytes = kit::round_down_and_note(run.result, requested, granularity);
  struct Limit {
    uint64_t bytes;
    const char* name;
  };
  // Leave a quarter of the heap for the driver, staging and other processes.
  const uint64_t heap_share = physical.device_local_bytes() / 4 * 3 / std::max(1u, buffers);
  const Limit limits[] = {
      {physical.max_memory_allocation_size, "maxMemoryAllocationSize"},
      {binding == Binding::Storage ? physical.properties.limits.maxStorageBufferRange : 0,
       "maxStorageBufferRange"},
      {heap_share, buffers > 1 ? "3/4 of the device-local heap shared by the buffers"
                               : "3/4 of the device-local heap"},
  };
  for (const Limit& limit : limits) {
    if (limit.bytes == 0) continue;  // not reported by the device / not applicable
    const uint64_t allowed = std::max(granularity, limit.bytes - limit.bytes % granularity);
    bytes = kit::limit_and_note(run.result, bytes, allowed, limit.name);
  }
  return bytes;
}

uint32_t workgroup_size(const PhysicalDevice& physical) {
  const auto& limits = physical.properties.limits;
  return std::min({256u, limits.maxComputeWorkGroupInvocations, limits.maxComputeWorkGroupSize[0]});
}

uint64_t default_invocations(const PhysicalDevice& physical, uint64_t gpu_default,
                             uint64_t cpu_default) {
  return physical.properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU ? cpu_default : gpu_default;
}

uint64_t clamp_invocations(KernelRun& run, uint64_t invocations, uint32_t group_size) {
  const uint64_t max_groups = run.physical().properties.limits.maxComputeWorkGroupCount[0];
  // Push constants carry counts as uint32.
  const uint64_t limit = std::min<uint64_t>(max_groups * group_size, 0xffffffffu);
  if (invocations <= limit) return invocations;
  run.result.adjustments |= GP_ADJUST_CLAMPED;
  plugin::append_note(&run.result, "work-items clamped from " + std::to_string(invocations) +
                                       " to " + std::to_string(limit) +
                                       " (maxComputeWorkGroupCount[0] x workgroup size)");
  return limit;
}

LaunchTally::LaunchTally(Context& context)
    : word(context, sizeof(uint32_t), MemoryUse::DeviceLocal) {
  reset(context);
}

void LaunchTally::reset(Context& context) const { fill_words(context, word, 0); }

void LaunchTally::check(KernelRun& run, uint64_t leading_launches) const {
  uint32_t observed = 0;
  read_buffer(run.context, word,
              [&](const void* p) { std::memcpy(&observed, p, sizeof observed); });
  kit::check_launch_tally(run.result, observed, run.ledger, run.params, leading_launches);
}

gp_status collect(KernelRun& run, BatchTimer& timer, const std::function<void()>& poison) {
  run.result.timer = timer.timer();
  if (!timer.fallback_reason().empty()) plugin::append_note(&run.result, timer.fallback_reason());
  return kit::collect_samples(run.params, run.result, run.ledger, poison,
                              [&](const kit::BatchPlan& plan) { return timer.seconds(plan); });
}

}  // namespace gpuprobe::vk
