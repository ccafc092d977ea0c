// Reasons and limits shared by several kernels.
#include "kernels.hpp"
#include "kit/sizes.hpp"

namespace gpuprobe::cuda {

std::string always_supported(const DeviceContext&, const gp_run_params&) { return {}; }

std::string vector_width_reason(const gp_run_params& params) {
  const uint32_t width = params.vector_width;
  if (width == 1 || width == 2 || width == 4 || width == 8 || width == 16) return {};
  return "vector width " + std::to_string(width) + " not supported (1, 2, 4, 8 or 16)";
}

std::string fp16_reason(const DeviceContext& device) {
  const DeviceCaps& caps = device.caps();
  if (caps.major * 10 + caps.minor >= 53) return {};
  return "no fp16 arithmetic on sm_" + std::to_string(caps.major * 10 + caps.minor) +
         " (needs sm_53 or newer)";
}

uint64_t clamp_buffer_bytes(const DeviceContext& device, uint64_t requested, uint64_t granule,
                            gp_run_result& result, uint64_t extra_bytes) {
  // A quarter of device memory per buffer, like CL_DEVICE_MAX_MEM_ALLOC_SIZE's usual value:
  // copy and transfers hold two buffers plus the window shift.
  const uint64_t limit = device.caps().global_mem_bytes / 4;
  const uint64_t room = limit > extra_bytes ? limit - extra_bytes : 0;
  const uint64_t bytes =
      kit::limit_and_note(result, requested, room, "a quarter of the device's memory per buffer");
  return kit::round_down_and_note(result, bytes, granule);
}

}  // namespace gpuprobe::cuda
