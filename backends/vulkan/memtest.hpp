// The VRAM test on a Vulkan device (include/gpuprobe/memtest.h): shaders/memtest.comp's
// sweeps over device-local chunks of at most maxStorageBufferRange / maxMemoryAllocationSize.
#pragma once

#include "gpuprobe/memtest.h"
#include "vk_context.hpp"

namespace gpuprobe::vk {

void run_memtest(Context& context, const gp_memtest_params& params, gp_memtest_result& result);

}  // namespace gpuprobe::vk
