// Kernels the CPU backend cannot run, each with its reason (reported as GP_ERR_UNSUPPORTED).
#include "kernels.hpp"

namespace gpuprobe::cpu {

const KernelEntry kernel_LAUNCH_GAP{
    nullptr,
    "no device-side timer: a CPU launch is a host thread-pool dispatch (see launch_latency)"};

const KernelEntry kernel_MATMUL_TENSOR{
    nullptr,
    "no matrix units on a CPU: matmul_tensor needs tensor cores (CUDA) or cooperative matrices "
    "(Vulkan VK_KHR_cooperative_matrix); matmul_tiled is the CPU's fp32 GEMM"};

#ifndef GPUPROBE_CPU_HAVE_OPENBLAS
const KernelEntry kernel_MATMUL_VENDOR{nullptr,
                                       "built without OpenBLAS (no vendor BLAS for the CPU)"};
#endif

}  // namespace gpuprobe::cpu
