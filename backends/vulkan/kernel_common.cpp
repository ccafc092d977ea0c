#include "kernel_common.hpp"

#include <algorithm>

#include "gpuprobe/plugin_support.hpp"
#include "vk_buffer.hpp"

namespace gpuprobe::vk {

uint64_t clamp_working_set(KernelRun& run, uint64_t requested, uint32_t buffers, Binding binding,
                           uint64_t granularity) {
  const PhysicalDevice& physical = run.physical();
  uint64_t bytes = std::max(granularity, requested - requested % granularity);
  if (bytes != requested)
    plugin::append_note(&run.result, "size rounded from " + std::to_string(requested) + " to " +
                                         std::to_string(bytes) + " bytes (multiple of " +
                                         std::to_string(granularity) + ")");
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
    if (bytes > allowed) {
      plugin::append_note(&run.result, "size clamped from " + format_bytes(bytes) + " to " +
                                           format_bytes(allowed) + " (" + limit.name + ")");
      bytes = allowed;
    }
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
  plugin::append_note(&run.result, "work-items clamped from " + std::to_string(invocations) +
                                       " to " + std::to_string(limit) +
                                       " (maxComputeWorkGroupCount[0] x workgroup size)");
  return limit;
}

gp_status collect(KernelRun& run, BatchTimer& timer) {
  run.result.timer = timer.timer();
  if (!timer.fallback_reason().empty()) plugin::append_note(&run.result, timer.fallback_reason());
  return plugin::collect_samples(&run.params, &run.result,
                                 [&](uint32_t launches) { return timer.seconds(launches); });
}

void verification_passed(KernelRun& run) { run.result.verification = GP_VERIFY_PASSED; }

void verification_failed(KernelRun& run, const std::string& where) {
  run.result.verification = GP_VERIFY_FAILED;
  plugin::append_note(&run.result, "verification failed: " + where);
}

}  // namespace gpuprobe::vk
