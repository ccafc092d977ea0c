// The VRAM test on a CUDA device (include/gpuprobe/memtest.h): shaders/memtest.cu's sweeps
// over cudaMalloc chunks, 90 % of cudaMemGetInfo's free memory by default.
#pragma once

#include "device_context.hpp"
#include "gpuprobe/memtest.h"

namespace gpuprobe::cuda {

void run_memtest(DeviceContext& device, const gp_memtest_params& params, gp_memtest_result& result);

}  // namespace gpuprobe::cuda
