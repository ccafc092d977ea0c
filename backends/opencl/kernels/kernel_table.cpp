// kernels.def id -> this backend's implementation. Adding a kernel: its KernelEntry in
// the file that implements it, and one line here.
#include "kernels.hpp"

namespace gpuprobe::opencl {

const KernelEntry* find_kernel(uint32_t kernel) {
  switch (kernel) {
    case GP_KERNEL_READ:
      return &kReadKernel;
    case GP_KERNEL_WRITE:
      return &kWriteKernel;
    case GP_KERNEL_COPY:
      return &kCopyKernel;
    case GP_KERNEL_POINTER_CHASE:
      return &kPointerChaseKernel;
    case GP_KERNEL_LAUNCH_LATENCY:
      return &kLaunchLatencyKernel;
    case GP_KERNEL_LAUNCH_GAP:
      return &kLaunchGapKernel;
    case GP_KERNEL_TRANSFER_H2D:
      return &kTransferH2dKernel;
    case GP_KERNEL_TRANSFER_D2H:
      return &kTransferD2hKernel;
    case GP_KERNEL_LATENCY_HIDING:
      return &kLatencyHidingKernel;
    case GP_KERNEL_LOCAL_BANDWIDTH:
      return &kLocalBandwidthKernel;
    case GP_KERNEL_REGISTER_BANDWIDTH:
      return &kRegisterBandwidthKernel;
    case GP_KERNEL_COMPUTE_FP32:
      return &kComputeFp32Kernel;
    case GP_KERNEL_COMPUTE_FP16:
      return &kComputeFp16Kernel;
    case GP_KERNEL_COMPUTE_FP64:
      return &kComputeFp64Kernel;
    case GP_KERNEL_COMPUTE_INT32:
      return &kComputeInt32Kernel;
    case GP_KERNEL_MATMUL_NAIVE:
      return &kMatmulNaiveKernel;
    case GP_KERNEL_MATMUL_TILED:
      return &kMatmulTiledKernel;
    case GP_KERNEL_MATMUL_VENDOR:
      return &kMatmulVendorKernel;
    default:
      return nullptr;
  }
}

std::string always_supported(const DeviceContext&, const gp_run_params&) { return {}; }

std::string vector_width_reason(const gp_run_params& params) {
  switch (params.vector_width) {
    case 1:
    case 2:
    case 4:
    case 8:
    case 16:
      return {};
    default:
      return "vector width " + std::to_string(params.vector_width) +
             " not supported (1, 2, 4, 8 or 16)";
  }
}

}  // namespace gpuprobe::opencl
