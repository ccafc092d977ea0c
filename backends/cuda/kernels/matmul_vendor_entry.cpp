// matmul_vendor: cuBLAS through the loader (cublas_loader.hpp, opened at run time on first
// use, once per process) and kernels/matmul_vendor.cpp. Without cuBLAS only this kernel is
// unsupported, with the loader's reason ("cuBLAS not found (libcublas.so.13, ...)").
#include "../cublas_loader.hpp"
#include "kernels.hpp"
#include "matmul_vendor.hpp"

namespace gpuprobe::cuda {
namespace {

const CublasLibrary& cublas() {
  static const CublasLibrary library;  // closed when the plugin is unloaded
  return library;
}

ComputeCapability cc_of(const DeviceContext& device) {
  return {device.caps().major, device.caps().minor};
}

std::string vendor_reason(const DeviceContext& device, const gp_run_params& params) {
  return vendor_gemm_reason(cublas(), cc_of(device), params);
}

gp_status run_vendor(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  return run_vendor_gemm(cublas(), {cc_of(device), device.stream()}, params, result);
}

}  // namespace

const KernelEntry kernel_MATMUL_VENDOR{run_vendor, vendor_reason};

}  // namespace gpuprobe::cuda
