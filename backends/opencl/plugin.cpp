// The OpenCL backend's C ABI table (gpuprobe/plugin.h). State lives between init() and
// shutdown(); every entry point converts exceptions to a status through plugin::guard.
#include "gpuprobe/plugin.h"

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "device_context.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "kernels/kernels.hpp"
#include "platforms.hpp"

namespace gpuprobe::opencl {
namespace {

struct State {
  std::vector<std::unique_ptr<DeviceContext>> devices;
};

// Locking: init/shutdown replace the state (exclusive); every other entry point reads it
// (shared). Runs additionally take g_run_mutex, one at a time, since they share the
// queues and program caches; device_info and supports never wait behind a run (a
// front-end may query while a benchmark is going). Lazily built info lists have their
// own lock.
std::shared_mutex g_state_mutex;
std::mutex g_run_mutex;
std::mutex g_info_mutex;
std::unique_ptr<State> g_state;

DeviceContext& device_at(uint32_t index) {
  if (!g_state) throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "OpenCL plugin not initialised");
  if (index >= g_state->devices.size())
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                        "OpenCL device index " + std::to_string(index) + " out of range (" +
                            std::to_string(g_state->devices.size()) + " devices)");
  return *g_state->devices[index];
}

const KernelEntry& kernel_for(const gp_run_params* params) {
  if (!params || params->struct_size < sizeof(gp_run_params))
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "gp_run_params missing or struct_size too small");
  const KernelEntry* entry = find_kernel(params->kernel);
  if (!entry)
    throw plugin::Error(GP_ERR_UNSUPPORTED, "kernel id " + std::to_string(params->kernel) +
                                                " not implemented by OpenCL backend");
  return *entry;
}

gp_status init() {
  return plugin::guard([] {
    std::unique_lock lock(g_state_mutex);
    if (g_state) return GP_OK;
    auto state = std::make_unique<State>();
    for (const auto& handle : enumerate_devices())
      state->devices.push_back(std::make_unique<DeviceContext>(handle.platform, handle.device));
    g_state = std::move(state);
    return GP_OK;
  });
}

uint32_t device_count() {
  std::shared_lock lock(g_state_mutex);
  return g_state ? static_cast<uint32_t>(g_state->devices.size()) : 0;
}

gp_status device_info(uint32_t device, const gp_info_entry** entries, uint32_t* count) {
  return plugin::guard([&] {
    std::shared_lock lock(g_state_mutex);
    std::lock_guard info_lock(g_info_mutex);
    if (!entries || !count) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null output pointer");
    const auto& info = device_at(device).info();
    *entries = info.data();
    *count = info.size();
    return GP_OK;
  });
}

gp_status supports(uint32_t device, const gp_run_params* params) {
  return plugin::guard([&] {
    std::shared_lock lock(g_state_mutex);
    DeviceContext& context = device_at(device);
    const std::string reason = kernel_for(params).unsupported(context, *params);
    return reason.empty() ? GP_OK : plugin::fail(GP_ERR_UNSUPPORTED, reason);
  });
}

gp_status run(uint32_t device, const gp_run_params* params, gp_run_result* result) {
  return plugin::guard([&] {
    std::shared_lock lock(g_state_mutex);
    std::lock_guard run_lock(g_run_mutex);
    if (!result) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null result");
    DeviceContext& context = device_at(device);
    const KernelEntry& kernel = kernel_for(params);
    if (const std::string reason = kernel.unsupported(context, *params); !reason.empty())
      return plugin::fail(GP_ERR_UNSUPPORTED, reason);
    *result = gp_run_result{};
    result->struct_size = sizeof *result;
    result->timer = GP_TIMER_DEVICE;
    if (plugin::cancelled(params)) return plugin::fail(GP_ERR_CANCELLED, "cancelled");
    return kernel.run(context, *params, *result);
  });
}

const char* last_error() { return plugin::last_error(); }

void shutdown() {
  std::unique_lock lock(g_state_mutex);
  if (g_state) release_vendor_library();
  g_state.reset();
}

const gp_plugin kPlugin = {
    GP_PLUGIN_ABI_VERSION, "opencl", "OpenCL", init,       device_count,
    device_info,           supports, run,      last_error, shutdown,
};

}  // namespace
}  // namespace gpuprobe::opencl

extern "C" GP_PLUGIN_EXPORT const gp_plugin* gpuprobe_plugin_entry(void) {
  return &gpuprobe::opencl::kPlugin;
}
