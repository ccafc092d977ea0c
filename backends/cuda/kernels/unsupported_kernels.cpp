// The kernels this CUDA build cannot run yet, each with its reason (kit/kernel_table.inl
// wants an entry for every kernels.def id).
#include "kernels.hpp"

namespace gpuprobe::cuda {
namespace {

// matmul_vendor (cuBLAS / cuBLASLt, opened at run time) is the next step; this is the one
// place that says so, and the one place to replace.
constexpr const char* kNoVendorGemm = "cuBLAS support not built yet";

std::string vendor_gemm_reason(const DeviceContext&, const gp_run_params&) { return kNoVendorGemm; }
gp_status run_vendor_gemm(DeviceContext&, const gp_run_params&, gp_run_result&) {
  return plugin::fail(GP_ERR_UNSUPPORTED, kNoVendorGemm);
}

}  // namespace

const KernelEntry kernel_MATMUL_VENDOR{run_vendor_gemm, vendor_gemm_reason};

}  // namespace gpuprobe::cuda
