// The kernels this OpenCL build cannot run, each with its reason (kit/kernel_table.inl
// wants an entry for every kernels.def id). Every kernel runs on OpenCL itself; only
// matmul_vendor needs a library found at build time.
#include "kernels.hpp"

namespace gpuprobe::opencl {

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
