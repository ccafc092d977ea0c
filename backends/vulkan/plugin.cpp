// The Vulkan backend's C ABI table: instance and device discovery at init, capability
// lists, the per-kernel support checks and run() with its error policy (validation
// messages fail the run; a lost device is recreated for the next one).
#include "gpuprobe/plugin.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "kernel_common.hpp"
#include "vk_device_info.hpp"
#include "vk_error.hpp"
#include "vk_instance.hpp"
#include "vk_physical_device.hpp"

namespace gpuprobe::vk {
namespace {

struct DeviceSlot {
  PhysicalDevice physical;
  plugin::InfoList info;
  std::unique_ptr<Context> context;  // created on the first run, dropped on device loss
};

struct State {
  std::unique_ptr<Instance> instance;
  std::vector<std::unique_ptr<DeviceSlot>> devices;  // pointers: contexts refer to slots
};

// Device lists and capabilities never change between init and shutdown, so queries only
// take g_state_mutex briefly and are never stuck behind a long run; runs are serialised by
// g_run_mutex (one Vulkan workload at a time, and a context is not shared across threads).
// Lock order: g_run_mutex, then g_state_mutex.
std::mutex g_run_mutex;
std::mutex g_state_mutex;
State* g_state = nullptr;

using plugin::fail;

bool valid_width(uint32_t width) {
  return width == 1 || width == 2 || width == 4 || width == 8 || width == 16;
}

// GP_OK, or the status + reason why this kernel cannot run here with these params.
gp_status check_support(const PhysicalDevice& d, const gp_run_params& p) {
  if (p.kernel >= GP_KERNEL_COUNT) return fail(GP_ERR_INVALID_ARGUMENT, "unknown kernel id");
  if (d.api_version < VK_API_VERSION_1_1)
    return fail(GP_ERR_UNSUPPORTED, "the Vulkan backend needs a Vulkan 1.1 device");
  if (!d.has_compute_queue) return fail(GP_ERR_UNSUPPORTED, "device has no compute queue");
  switch (p.kernel) {
    case GP_KERNEL_READ:
    case GP_KERNEL_WRITE:
    case GP_KERNEL_COPY:
    case GP_KERNEL_LATENCY_HIDING:
      if (!valid_width(p.vector_width))
        return fail(GP_ERR_INVALID_ARGUMENT, "vector_width must be 1, 2, 4, 8 or 16");
      return GP_OK;
    case GP_KERNEL_COMPUTE_FP16:
      if (!d.shader_float16)
        return fail(GP_ERR_UNSUPPORTED, "no fp16 arithmetic on this device (shaderFloat16)");
      return GP_OK;
    case GP_KERNEL_COMPUTE_FP64:
      if (d.features.shaderFloat64 != VK_TRUE)
        return fail(GP_ERR_UNSUPPORTED, "no fp64 arithmetic on this device (shaderFloat64)");
      return GP_OK;
    case GP_KERNEL_MATMUL_NAIVE:
    case GP_KERNEL_MATMUL_TILED:
      if (p.precision == GP_PRECISION_FP16 && !(d.shader_float16 && d.storage_buffer_16bit))
        return fail(GP_ERR_UNSUPPORTED,
                    "fp16 matmul needs shaderFloat16 and storageBuffer16BitAccess");
      if (p.precision != GP_PRECISION_FP32 && p.precision != GP_PRECISION_FP16)
        return fail(GP_ERR_INVALID_ARGUMENT, "unknown precision");
      return GP_OK;
    case GP_KERNEL_LAUNCH_GAP:
      // A gap exists only on the device timeline; the host clock has no figure to offer.
      if (host_timer_forced())
        return fail(GP_ERR_UNSUPPORTED,
                    "launch_gap needs device timestamps (GPUPROBE_VK_HOST_TIMER forces the host "
                    "clock)");
      if (d.timestamp_valid_bits == 0)
        return fail(GP_ERR_UNSUPPORTED,
                    "launch_gap needs device timestamps: the compute queue has none "
                    "(timestampValidBits is 0)");
      if (!d.device_timestamps())
        return fail(GP_ERR_UNSUPPORTED,
                    "launch_gap needs device timestamps: timestampComputeAndGraphics is false");
      return GP_OK;
    case GP_KERNEL_MATMUL_VENDOR:
      return fail(GP_ERR_UNSUPPORTED, "no vendor BLAS for Vulkan");
    default:
      return GP_OK;
  }
}

gp_status dispatch(KernelRun& run) {
  switch (run.params.kernel) {
    case GP_KERNEL_READ:
      return run_read(run);
    case GP_KERNEL_WRITE:
      return run_write(run);
    case GP_KERNEL_COPY:
      return run_copy(run);
    case GP_KERNEL_POINTER_CHASE:
      return run_pointer_chase(run);
    case GP_KERNEL_LAUNCH_LATENCY:
      return run_launch_latency(run);
    case GP_KERNEL_LAUNCH_GAP:
      return run_launch_gap(run);
    case GP_KERNEL_TRANSFER_H2D:
    case GP_KERNEL_TRANSFER_D2H:
      return run_transfer(run);
    case GP_KERNEL_LATENCY_HIDING:
      return run_latency_hiding(run);
    case GP_KERNEL_LOCAL_BANDWIDTH:
      return run_local_bandwidth(run);
    case GP_KERNEL_REGISTER_BANDWIDTH:
    case GP_KERNEL_COMPUTE_FP32:
    case GP_KERNEL_COMPUTE_FP16:
    case GP_KERNEL_COMPUTE_FP64:
    case GP_KERNEL_COMPUTE_INT32:
      return run_compute(run);
    case GP_KERNEL_MATMUL_NAIVE:
    case GP_KERNEL_MATMUL_TILED:
      return run_matmul(run);
    default:
      return fail(GP_ERR_UNSUPPORTED, "kernel not implemented in the Vulkan backend");
  }
}

// The validation layer's verdict on everything since `before`: a run that produced a
// validation message fails, naming the first message.
gp_status apply_validation(uint64_t before, gp_status status) {
  if (!g_state->instance->validation()) return status;
  const ValidationLog& log = g_state->instance->log();
  if (log.count() == before) return status;
  std::string message = log.message_after(before);
  if (status != GP_OK)
    message += " (the call also failed: " + std::string(plugin::last_error()) + ")";
  return fail(GP_ERR_DEVICE, message);
}

gp_status init() {
  return plugin::guard([]() -> gp_status {
    std::lock_guard lock(g_state_mutex);
    if (g_state) return GP_OK;
    auto state = std::make_unique<State>();
    state->instance = std::make_unique<Instance>(validation_requested());
    const auto handles = state->instance->physical_devices();
    if (handles.empty())
      return fail(GP_ERR_UNAVAILABLE,
                  "the Vulkan loader found no physical device (no working ICD)");
    for (VkPhysicalDevice handle : handles) {
      auto slot = std::make_unique<DeviceSlot>();
      slot->physical = describe_physical_device(handle, state->instance->api_version());
      describe_device(slot->physical, slot->info);
      state->devices.push_back(std::move(slot));
    }
    g_state = state.release();
    return GP_OK;
  });
}

uint32_t device_count() {
  std::lock_guard lock(g_state_mutex);
  return g_state ? static_cast<uint32_t>(g_state->devices.size()) : 0;
}

gp_status device_info(uint32_t device, const gp_info_entry** entries, uint32_t* count) {
  return plugin::guard([&]() -> gp_status {
    std::lock_guard lock(g_state_mutex);
    if (!g_state) return fail(GP_ERR_UNAVAILABLE, "plugin not initialised");
    if (device >= g_state->devices.size() || !entries || !count)
      return fail(GP_ERR_INVALID_ARGUMENT, "bad device index or null output");
    *entries = g_state->devices[device]->info.data();
    *count = g_state->devices[device]->info.size();
    return GP_OK;
  });
}

gp_status supports(uint32_t device, const gp_run_params* params) {
  return plugin::guard([&]() -> gp_status {
    std::lock_guard lock(g_state_mutex);
    if (!g_state) return fail(GP_ERR_UNAVAILABLE, "plugin not initialised");
    if (device >= g_state->devices.size() || !params || params->struct_size < sizeof(gp_run_params))
      return fail(GP_ERR_INVALID_ARGUMENT, "bad device index or params");
    return check_support(g_state->devices[device]->physical, *params);
  });
}

gp_status run(uint32_t device, const gp_run_params* params, gp_run_result* result) {
  std::lock_guard run_lock(g_run_mutex);
  {
    // Only shutdown (which also takes g_run_mutex) deletes the state; holding the run
    // lock keeps it alive after this check.
    std::lock_guard state_lock(g_state_mutex);
    if (!g_state) return fail(GP_ERR_UNAVAILABLE, "plugin not initialised");
  }
  if (device >= g_state->devices.size() || !params || !result ||
      params->struct_size < sizeof(gp_run_params))
    return fail(GP_ERR_INVALID_ARGUMENT, "bad device index, params or result");
  *result = gp_run_result{};
  result->struct_size = sizeof(gp_run_result);
  result->verification = GP_VERIFY_NOT_RUN;
  DeviceSlot& slot = *g_state->devices[device];
  const uint64_t before = g_state->instance->validation() ? g_state->instance->log().count() : 0;
  const gp_status status = plugin::guard([&]() -> gp_status {
    if (const gp_status s = check_support(slot.physical, *params); s != GP_OK) return s;
    if (plugin::cancelled(params)) return fail(GP_ERR_CANCELLED, "cancelled");
    try {
      if (!slot.context) slot.context = std::make_unique<Context>(slot.physical);
      KernelRun kernel_run{*slot.context, *params, *result};
      return dispatch(kernel_run);
    } catch (const VkError& e) {
      // Everything the run allocated is gone by now (RAII); a lost device cannot be
      // reused, so the next run creates a new one.
      if (e.result == VK_ERROR_DEVICE_LOST) slot.context.reset();
      throw;
    }
  });
  return apply_validation(before, status);
}

const char* last_error() { return plugin::last_error(); }

void shutdown() {
  std::lock_guard run_lock(g_run_mutex);
  std::lock_guard state_lock(g_state_mutex);
  delete g_state;  // contexts (devices) go before the instance: member order in State
  g_state = nullptr;
}

const gp_plugin kPlugin = {
    GP_PLUGIN_ABI_VERSION, "vulkan", "Vulkan", init,       device_count,
    device_info,           supports, run,      last_error, shutdown,
};

}  // namespace
}  // namespace gpuprobe::vk

extern "C" GP_PLUGIN_EXPORT const gp_plugin* gpuprobe_plugin_entry(void) {
  return &gpuprobe::vk::kPlugin;
}
