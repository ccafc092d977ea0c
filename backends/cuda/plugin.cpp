// The CUDA backend behind the kit's C-ABI glue (kit/plugin_glue.hpp). init() first opens
// libcuda.so.1 itself (driver_check.hpp), so a machine without the NVIDIA driver gets
// "no CUDA driver (libcuda.so.1 not found)" before the static runtime is touched, then
// checks the driver is new enough for the runtime, then lists the devices.
#include <cuda_runtime_api.h>

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "cuda_error.hpp"
#include "device_context.hpp"
#include "driver_check.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "kernels/kernels.hpp"
#include "kit/memtest_glue.hpp"
#include "kit/plugin_glue.hpp"
#include "memtest.hpp"
#include "telemetry/nvml_telemetry.hpp"

namespace gpuprobe::cuda {
namespace {

std::optional<DriverLibrary> g_driver;
std::vector<std::unique_ptr<DeviceContext>> g_devices;
std::mutex g_info_mutex;

const KernelEntry& kernel_for(const gp_run_params& params) {
  if (params.struct_size < sizeof(gp_run_params))
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "gp_run_params struct_size too small");
  return *kit_kernel_entry(params.kernel);  // the glue has checked the id
}

void check_driver_version() {
  int driver = 0;
  const cudaError_t err = cudaDriverGetVersion(&driver);
  if (err != cudaSuccess)
    throw plugin::Error(GP_ERR_UNAVAILABLE,
                        std::string("cudaDriverGetVersion failed: ") + cudaGetErrorString(err));
  if (driver_too_old(driver, CUDART_VERSION))
    throw plugin::Error(GP_ERR_UNAVAILABLE, driver_too_old_message(driver, CUDART_VERSION));
}

struct CudaBackend {
  static constexpr const char* kName = "cuda";
  static constexpr const char* kApi = "CUDA";

  static void init() {
    g_driver.emplace();  // throws GP_ERR_UNAVAILABLE without libcuda.so.1
    check_driver_version();
    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err == cudaErrorNoDevice)
      count = 0;
    else if (err != cudaSuccess)
      throw plugin::Error(GP_ERR_UNAVAILABLE, std::string("cudaGetDeviceCount failed: ") +
                                                  cudaGetErrorName(err) + " (" +
                                                  cudaGetErrorString(err) + ")");
    std::vector<std::unique_ptr<DeviceContext>> devices;
    for (int d = 0; d < count; ++d) devices.push_back(std::make_unique<DeviceContext>(d));
    g_devices = std::move(devices);
  }
  static void shutdown() noexcept {
    g_devices.clear();
    g_driver.reset();
  }
  static uint32_t device_count() { return static_cast<uint32_t>(g_devices.size()); }
  static const plugin::InfoList& device_info(uint32_t device) {
    std::lock_guard lock(g_info_mutex);
    return g_devices[device]->info();
  }
  static void check_supported(uint32_t device, const gp_run_params& params) {
    const DeviceContext& context = *g_devices[device];
    // A card the build has no code for: every kernel says why (other backends still run).
    if (!context.caps().unsupported.empty())
      throw plugin::Error(GP_ERR_UNSUPPORTED, context.caps().unsupported);
    const std::string reason = kernel_for(params).unsupported(context, params);
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

// Telemetry (gpuprobe/telemetry.h) from NVML, opened at run time, matched by PCI address
// ("00000000:01:00.0", NVML's form) built from the device's domain, bus and device ids.
std::unique_ptr<telemetry::Source> open_telemetry(uint32_t device) {
  if (device >= g_devices.size()) throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "no such device");
  return telemetry::open_nvml(g_devices[device]->pci_address());
}

}  // namespace
}  // namespace gpuprobe::cuda

GPUPROBE_KIT_EXPORT_PLUGIN(gpuprobe::cuda::CudaBackend)
GPUPROBE_KIT_EXPORT_MEMTEST(gpuprobe::cuda::CudaBackend)
GPUPROBE_EXPORT_TELEMETRY(gpuprobe::cuda::open_telemetry)
