// Kernels of kernels.def the Vulkan backend never runs, each with the reason users see.
#include "kernel_common.hpp"

namespace gpuprobe::vk {

const KernelEntry kernel_MATMUL_VENDOR{
    nullptr, nullptr,
    "no vendor BLAS for Vulkan (matmul_vendor runs on backends with CLBlast, OpenBLAS or "
    "cuBLAS)"};

}  // namespace gpuprobe::vk
