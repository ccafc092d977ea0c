// SPIR-V of every shader in shaders/*.comp, compiled by glslc at build time and embedded
// (see backends/vulkan/CMakeLists.txt): the plugin needs no file beside it at run time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gpuprobe::vk {

struct SpirvModule {
  const char* name;  // variant name, for error messages
  const uint32_t* words;
  size_t word_count;
};

namespace spirv {
// Streaming kernels by words per element: index 0 -> uint, 1 -> uvec2, 2 -> uvec4.
extern const SpirvModule read[3];
extern const SpirvModule write[3];
extern const SpirvModule copy[3];
extern const SpirvModule pointer_chase;
extern const SpirvModule launch_latency;
extern const SpirvModule memtest;  // the VRAM test's sweeps (memtest.cpp)
extern const SpirvModule local_bandwidth;
extern const SpirvModule compute_fp32;
extern const SpirvModule compute_fp16;
extern const SpirvModule compute_fp64;
extern const SpirvModule compute_int32;
extern const SpirvModule matmul_naive_fp32;
extern const SpirvModule matmul_naive_fp16;
extern const SpirvModule matmul_tiled_fp32;
extern const SpirvModule matmul_tiled_fp16;
#ifdef GPUPROBE_VULKAN_COOPERATIVE_MATRIX
extern const SpirvModule matmul_tensor;  // only where glslc knows GL_KHR_cooperative_matrix
#endif
}  // namespace spirv

}  // namespace gpuprobe::vk
