// Device-side sources (shaders/*.cl), embedded into the plugin at build time.
#pragma once

#include <string>

namespace gpuprobe::opencl {

// Source text of shaders/<name>.cl. When GPUPROBE_OPENCL_KERNEL_DIR is set and holds
// <name>.cl, that file is used instead: kernels can be edited and re-measured without a
// rebuild, and tests can feed a deliberately broken kernel to check build-error reporting.
std::string kernel_source(const std::string& name);

// Throws plugin::Error (GP_ERR_UNAVAILABLE) naming GPUPROBE_OPENCL_KERNEL_DIR when it is set
// to something that is not a directory: a typo must not silently measure the embedded kernels.
void check_kernel_dir();

}  // namespace gpuprobe::opencl
