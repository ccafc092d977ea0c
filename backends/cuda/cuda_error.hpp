// CUDA runtime errors as plugin::Error: out-of-memory as GP_ERR_OUT_OF_MEMORY, everything
// else as GP_ERR_DEVICE, always with the call that failed and the runtime's own words.
#pragma once

#include <cuda_runtime_api.h>

#include <string>

namespace gpuprobe::cuda {

void check(cudaError_t err, const std::string& what);

}  // namespace gpuprobe::cuda
