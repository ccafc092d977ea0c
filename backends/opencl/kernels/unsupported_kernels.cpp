// The kernels this OpenCL build cannot run, each with its reason (kit/kernel_table.inl
// wants an entry for every kernels.def id). matmul_vendor needs a library found at build
// time; matmul_tensor needs matrix units, which OpenCL C does not reach portably.
#include "kernels.hpp"

namespace gpuprobe::opencl {
namespace {

constexpr const char* kNoMatrixUnits =
    "OpenCL C has no portable access to matrix units (tensor cores): matmul_tensor runs "
    "through CUDA or Vulkan VK_KHR_cooperative_matrix";

std::string no_matrix_units(const DeviceContext&, const gp_run_params&) { return kNoMatrixUnits; }
gp_status run_without_matrix_units(DeviceContext&, const gp_run_params&, gp_run_result&) {
  return plugin::fail(GP_ERR_UNSUPPORTED, kNoMatrixUnits);
}

}  // namespace

const KernelEntry kernel_MATMUL_TENSOR{run_without_matrix_units, no_matrix_units};

#ifndef GPUPROBE_HAVE_CLBLAST
namespace {

std::string without_clblast(const DeviceContext&, const gp_run_params&) {
  return "built without CLBlast";
}
gp_status run_without_clblast(DeviceContext&, const gp_run_params&, gp_run_result&) {
  return plugin::fail(GP_ERR_UNSUPPORTED, "built without CLBlast");
}

}  // namespace

const KernelEntry kernel_MATMUL_VENDOR{run_without_clblast, without_clblast};

void release_vendor_library() {}
#endif

}  // namespace gpuprobe::opencl
