// matmul_vendor on CUDA: cuBLAS (cublasGemmEx, opened at run time) in every precision of
// gemm_precisions.hpp, timed with CUDA events around batches of calls, verified with
// kit::check_matmul. The plugin's own code keeps the device, stream and dispatch; this is the
// narrow part it calls:
//   supports():  vendor_gemm_reason(library, cc, params)        "" = can run
//   run():       run_vendor_gemm(library, {cc, stream}, params, result)
// Device buffers are allocated here (RAII) for the duration of one run.
#pragma once

#include <cuda_runtime_api.h>

#include <string>

#include "../cublas_loader.hpp"
#include "../gemm_precisions.hpp"
#include "gpuprobe/plugin.h"

namespace gpuprobe::cuda {

struct VendorGemmDevice {
  ComputeCapability cc;
  cudaStream_t stream = nullptr;  // the plugin's stream for this device (current device set)
};

// Why matmul_vendor cannot run with `params` on a device of `cc`: cuBLAS missing (the
// loader's reason), a precision the architecture lacks, a shape int8 cannot take. "" = can.
std::string vendor_gemm_reason(const CublasLibrary& library, ComputeCapability cc,
                               const gp_run_params& params);

// Allocates A, B and C, fills A and B (kit::fill_matmul_inputs, converted to the
// precision's input type), times batches of cublasGemmEx calls with CUDA events
// (kit::collect_samples), and checks C (kit::check_matmul). Per-call receipts: an event
// after every call, counted when cudaEventQuery says it completed, stand in for the launch
// tally (cuBLAS's kernels carry none). Throws plugin::Error on a CUDA or cuBLAS failure.
gp_status run_vendor_gemm(const CublasLibrary& library, const VendorGemmDevice& device,
                          const gp_run_params& params, gp_run_result& result);

}  // namespace gpuprobe::cuda
