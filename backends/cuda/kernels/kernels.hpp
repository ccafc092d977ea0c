// The kernels this backend implements: one kernel_<ID> entry per kernels.def id, defined
// next to its implementation (kit/kernel_table.inl declares them and builds the dispatch
// table). Each run function allocates, fills, times (kit::collect_samples), verifies by the
// kit's recipe and fills the result; it throws plugin::Error on failure. unsupported()
// returns "" when the kernel can run with these params, else the reason.
#pragma once

#include <string>

#include "../device_context.hpp"
#include "gpuprobe/plugin.h"

namespace gpuprobe::cuda {

struct KernelEntry {
  gp_status (*run)(DeviceContext& device, const gp_run_params& params, gp_run_result& result);
  std::string (*unsupported)(const DeviceContext& device, const gp_run_params& params);
};

#define GPUPROBE_KIT_ENTRY KernelEntry
#include "kit/kernel_table.inl"

std::string always_supported(const DeviceContext& device, const gp_run_params& params);
std::string vector_width_reason(const gp_run_params& params);  // widths 1,2,4,8,16
// fp16 arithmetic needs sm_53 or newer.
std::string fp16_reason(const DeviceContext& device);
// Buffer size clamped to what the device holds (a quarter of its memory), noted.
uint64_t clamp_buffer_bytes(const DeviceContext& device, uint64_t requested, uint64_t granule,
                            gp_run_result& result, uint64_t extra_bytes = 0);

}  // namespace gpuprobe::cuda
