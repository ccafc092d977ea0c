// The VRAM test on an OpenCL device (include/gpuprobe/memtest.h): fill and verify sweeps
// from shaders/memtest.cl over chunks of at most CL_DEVICE_MAX_MEM_ALLOC_SIZE.
#pragma once

#include "device_context.hpp"
#include "gpuprobe/memtest.h"

namespace gpuprobe::opencl {

void run_memtest(DeviceContext& device, const gp_memtest_params& params, gp_memtest_result& result);

}  // namespace gpuprobe::opencl
