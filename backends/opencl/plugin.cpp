// The OpenCL backend behind the kit's C-ABI glue (kit/plugin_glue.hpp): the glue checks
// arguments, turns exceptions into status codes and runs one benchmark at a time;
// device_info and supports never wait behind a run (a front-end may query while a
// benchmark is going). State lives between init() and shutdown().
#include <memory>
#include <mutex>
#include <vector>

#include "device_context.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "kernel_sources.hpp"
#include "kernels/kernels.hpp"
#include "kit/memtest_glue.hpp"
#include "kit/plugin_glue.hpp"
#include "memtest.hpp"
#include "platforms.hpp"
#include "telemetry/amdgpu_hwmon.hpp"

namespace gpuprobe::opencl {
namespace {

std::vector<std::unique_ptr<DeviceContext>> g_devices;
// Info lists are built on first use; two front-end threads may ask at once.
std::mutex g_info_mutex;

const KernelEntry& kernel_for(const gp_run_params& params) {
  if (params.struct_size < sizeof(gp_run_params))
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "gp_run_params struct_size too small");
  return *kit_kernel_entry(params.kernel);  // the glue has checked the id
}

struct OpenclBackend {
  static constexpr const char* kName = "opencl";
  static constexpr const char* kApi = "OpenCL";

  static void init() {
    check_kernel_dir();
    std::vector<std::unique_ptr<DeviceContext>> devices;
    for (const auto& handle : enumerate_devices())
      devices.push_back(std::make_unique<DeviceContext>(handle.platform, handle.device));
    g_devices = std::move(devices);
  }
  static void shutdown() noexcept {
    release_vendor_library();
    g_devices.clear();
  }
  static uint32_t device_count() { return static_cast<uint32_t>(g_devices.size()); }
  static const plugin::InfoList& device_info(uint32_t device) {
    std::lock_guard lock(g_info_mutex);
    return g_devices[device]->info();
  }
  static void check_supported(uint32_t device, const gp_run_params& params) {
    const std::string reason = kernel_for(params).unsupported(*g_devices[device], params);
    if (!reason.empty()) throw plugin::Error(GP_ERR_UNSUPPORTED, reason);
  }
  static void run(uint32_t device, const gp_run_params& params, gp_run_result& result) {
    result.timer = GP_TIMER_DEVICE;
    const gp_status status = kernel_for(params).run(*g_devices[device], params, result);
    if (status != GP_OK) throw plugin::Error(status, plugin::last_error());
  }
  static void memtest(uint32_t device, const gp_memtest_params& params, gp_memtest_result& result) {
    run_memtest(*g_devices[device], params, result);
  }
};

// Telemetry (gpuprobe/telemetry.h) for AMD cards from amdgpu's hwmon files, found by the
// PCI bus id the device reports (cl_khr_pci_bus_info or cl_amd_device_attribute_query).
std::unique_ptr<telemetry::Source> open_telemetry(uint32_t device) {
  if (device >= g_devices.size()) throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "no such device");
  std::lock_guard lock(g_info_mutex);
  return telemetry::open_amdgpu_hwmon(g_devices[device]->info());
}

}  // namespace
}  // namespace gpuprobe::opencl

GPUPROBE_KIT_EXPORT_PLUGIN(gpuprobe::opencl::OpenclBackend)
GPUPROBE_KIT_EXPORT_MEMTEST(gpuprobe::opencl::OpenclBackend)
GPUPROBE_EXPORT_TELEMETRY(gpuprobe::opencl::open_telemetry)
