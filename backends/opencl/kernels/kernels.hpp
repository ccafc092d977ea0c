// The kernels this backend implements, one entry per kernels.def id. Each run function
// allocates, fills, times (plugin::collect_samples), verifies and fills the result; it
// throws plugin::Error on failure. unsupported() returns "" when the kernel can run with
// these params, else the reason.
#pragma once

#include <string>

#include "../device_context.hpp"
#include "gpuprobe/plugin.h"

namespace gpuprobe::opencl {

struct KernelEntry {
  gp_status (*run)(DeviceContext& device, const gp_run_params& params, gp_run_result& result);
  std::string (*unsupported)(const DeviceContext& device, const gp_run_params& params);
};

// Defined next to their implementations (bandwidth.cpp, ...).
extern const KernelEntry kReadKernel, kWriteKernel, kCopyKernel, kLatencyHidingKernel;
extern const KernelEntry kPointerChaseKernel, kLaunchLatencyKernel, kLaunchGapKernel;
extern const KernelEntry kTransferH2dKernel, kTransferD2hKernel;
extern const KernelEntry kLocalBandwidthKernel, kRegisterBandwidthKernel;
extern const KernelEntry kComputeFp32Kernel, kComputeFp16Kernel, kComputeFp64Kernel,
    kComputeInt32Kernel;
extern const KernelEntry kMatmulNaiveKernel, kMatmulTiledKernel, kMatmulVendorKernel;

// Frees what the vendor BLAS (CLBlast) caches; called before the contexts go.
void release_vendor_library();

// Null for a kernel id this backend does not know.
const KernelEntry* find_kernel(uint32_t kernel);

// Shared reasons.
std::string always_supported(const DeviceContext& device, const gp_run_params& params);
std::string vector_width_reason(const gp_run_params& params);  // widths 1,2,4,8,16

}  // namespace gpuprobe::opencl
