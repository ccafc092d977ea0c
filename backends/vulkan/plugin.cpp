// The Vulkan backend's C ABI table (kit::PluginGlue): instance and device discovery at init,
// capability lists, the support checks and run() with its error policy (validation messages
// fail the run; a lost device is recreated for the next one). Kernels dispatch through the
// table kit/kernel_table.inl generates from kernels.def.
#include <memory>
#include <string>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "kernel_common.hpp"
#include "kit/memtest_glue.hpp"
#include "kit/plugin_glue.hpp"
#include "memtest.hpp"
#include "telemetry/amdgpu_hwmon.hpp"
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

// Set by init, cleared by shutdown; the glue serialises runs and shutdown, and device lists
// never change in between.
std::unique_ptr<State> g_state;

const KernelEntry& entry_for(uint32_t kernel) {
  const KernelEntry* entry = kit_kernel_entry(kernel);
  if (!entry) throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "unknown kernel id");
  return *entry;
}

// The validation layer's verdict on everything since `before`: a run that produced a
// validation message fails, naming the first message (and the run's own error, if any).
void apply_validation(uint64_t before, const std::string& run_error) {
  if (!g_state->instance->validation()) return;
  const ValidationLog& log = g_state->instance->log();
  if (log.count() == before) return;
  std::string message = log.message_after(before);
  if (!run_error.empty()) message += " (the call also failed: " + run_error + ")";
  throw plugin::Error(GP_ERR_DEVICE, message);
}

struct Backend {
  static constexpr const char* kName = "vulkan";
  static constexpr const char* kApi = "Vulkan";

  static void init() {
    auto state = std::make_unique<State>();
    state->instance = std::make_unique<Instance>(validation_requested());
    const auto handles = state->instance->physical_devices();
    if (handles.empty())
      throw plugin::Error(GP_ERR_UNAVAILABLE,
                          "the Vulkan loader found no physical device (no working ICD)");
    for (VkPhysicalDevice handle : handles) {
      auto slot = std::make_unique<DeviceSlot>();
      slot->physical =
          describe_physical_device(handle, state->instance->api_version(), state->instance->get());
      describe_device(slot->physical, slot->info);
      state->devices.push_back(std::move(slot));
    }
    g_state = std::move(state);
  }

  // Contexts (devices) go before the instance: member order in State.
  static void shutdown() noexcept { g_state.reset(); }

  static uint32_t device_count() {
    return g_state ? static_cast<uint32_t>(g_state->devices.size()) : 0u;
  }

  static const plugin::InfoList& device_info(uint32_t device) {
    return g_state->devices[device]->info;
  }

  static void check_supported(uint32_t device, const gp_run_params& p) {
    const PhysicalDevice& d = g_state->devices[device]->physical;
    const KernelEntry& entry = entry_for(p.kernel);
    if (entry.unsupported) throw plugin::Error(GP_ERR_UNSUPPORTED, entry.unsupported);
    if (d.api_version < VK_API_VERSION_1_1)
      throw plugin::Error(GP_ERR_UNSUPPORTED, "the Vulkan backend needs a Vulkan 1.1 device");
    if (!d.has_compute_queue)
      throw plugin::Error(GP_ERR_UNSUPPORTED, "device has no compute queue");
    if (entry.check_supported) entry.check_supported(d, p);
  }

  // Runs `body` on the device's context under one policy: a lost device cannot be reused
  // (the next call creates a new context; everything the body allocated is gone by then,
  // RAII), and validation messages logged meanwhile turn into the call's error.
  template <typename Body>
  static void on_device(uint32_t device, Body body) {
    DeviceSlot& slot = *g_state->devices[device];
    const uint64_t before = g_state->instance->validation() ? g_state->instance->log().count() : 0;
    gp_status status = GP_OK;
    try {
      if (!slot.context) slot.context = std::make_unique<Context>(slot.physical);
      status = body(*slot.context);
    } catch (const plugin::Error& e) {
      if (const auto* vk = dynamic_cast<const VkError*>(&e);
          vk && vk->result == VK_ERROR_DEVICE_LOST)
        slot.context.reset();
      apply_validation(before, e.message);
      throw;
    }
    apply_validation(before, status == GP_OK ? "" : plugin::last_error());
    if (status != GP_OK) throw plugin::Error(status, plugin::last_error());
  }

  static void run(uint32_t device, const gp_run_params& params, gp_run_result& result) {
    on_device(device, [&](Context& context) {
      KernelRun kernel_run{context, params, result};
      return entry_for(params.kernel).run(kernel_run);
    });
  }
  // The VRAM test (memtest.cpp).
  static void memtest(uint32_t device, const gp_memtest_params& params, gp_memtest_result& result) {
    on_device(device, [&](Context& context) {
      run_memtest(context, params, result);
      return GP_OK;
    });
  }
};

// Telemetry (gpuprobe/telemetry.h) for AMD cards from amdgpu's hwmon files, found by the
// PCI bus id VK_EXT_pci_bus_info gives (the info list is built once, in init).
std::unique_ptr<telemetry::Source> open_telemetry(uint32_t device) {
  if (!g_state || device >= g_state->devices.size())
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "no such device");
  return telemetry::open_amdgpu_hwmon(g_state->devices[device]->info);
}

}  // namespace
}  // namespace gpuprobe::vk

GPUPROBE_KIT_EXPORT_PLUGIN(gpuprobe::vk::Backend)
GPUPROBE_KIT_EXPORT_MEMTEST(gpuprobe::vk::Backend)
GPUPROBE_EXPORT_TELEMETRY(gpuprobe::vk::open_telemetry)
