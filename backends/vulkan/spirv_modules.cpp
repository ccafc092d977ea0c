// Word arrays from glslc -mfmt=num (build directory: spirv/<variant>.inc).
#include "spirv_modules.hpp"

namespace gpuprobe::vk::spirv {
namespace {

constexpr uint32_t k_read_u1[] = {
#include "spirv/read_u1.inc"
};
constexpr uint32_t k_read_u2[] = {
#include "spirv/read_u2.inc"
};
constexpr uint32_t k_read_u4[] = {
#include "spirv/read_u4.inc"
};
constexpr uint32_t k_write_u1[] = {
#include "spirv/write_u1.inc"
};
constexpr uint32_t k_write_u2[] = {
#include "spirv/write_u2.inc"
};
constexpr uint32_t k_write_u4[] = {
#include "spirv/write_u4.inc"
};
constexpr uint32_t k_copy_u1[] = {
#include "spirv/copy_u1.inc"
};
constexpr uint32_t k_copy_u2[] = {
#include "spirv/copy_u2.inc"
};
constexpr uint32_t k_copy_u4[] = {
#include "spirv/copy_u4.inc"
};
constexpr uint32_t k_pointer_chase[] = {
#include "spirv/pointer_chase.inc"
};
constexpr uint32_t k_launch_latency[] = {
#include "spirv/launch_latency.inc"
};
constexpr uint32_t k_memtest[] = {
#include "spirv/memtest.inc"
};
constexpr uint32_t k_local_bandwidth[] = {
#include "spirv/local_bandwidth.inc"
};
constexpr uint32_t k_compute_fp32[] = {
#include "spirv/compute_fp32.inc"
};
constexpr uint32_t k_compute_fp16[] = {
#include "spirv/compute_fp16.inc"
};
constexpr uint32_t k_compute_fp64[] = {
#include "spirv/compute_fp64.inc"
};
constexpr uint32_t k_compute_int32[] = {
#include "spirv/compute_int32.inc"
};
constexpr uint32_t k_matmul_naive_fp32[] = {
#include "spirv/matmul_naive_fp32.inc"
};
constexpr uint32_t k_matmul_naive_fp16[] = {
#include "spirv/matmul_naive_fp16.inc"
};
constexpr uint32_t k_matmul_tiled_fp32[] = {
#include "spirv/matmul_tiled_fp32.inc"
};
constexpr uint32_t k_matmul_tiled_fp16[] = {
#include "spirv/matmul_tiled_fp16.inc"
};
#ifdef GPUPROBE_VULKAN_COOPERATIVE_MATRIX
constexpr uint32_t k_matmul_tensor[] = {
#include "spirv/matmul_tensor.inc"
};
#endif

}  // namespace

#define GP_SPIRV(variant) \
  SpirvModule { #variant, k_##variant, sizeof k_##variant / sizeof(uint32_t) }

const SpirvModule read[3] = {GP_SPIRV(read_u1), GP_SPIRV(read_u2), GP_SPIRV(read_u4)};
const SpirvModule write[3] = {GP_SPIRV(write_u1), GP_SPIRV(write_u2), GP_SPIRV(write_u4)};
const SpirvModule copy[3] = {GP_SPIRV(copy_u1), GP_SPIRV(copy_u2), GP_SPIRV(copy_u4)};
const SpirvModule pointer_chase = GP_SPIRV(pointer_chase);
const SpirvModule launch_latency = GP_SPIRV(launch_latency);
const SpirvModule memtest = GP_SPIRV(memtest);
const SpirvModule local_bandwidth = GP_SPIRV(local_bandwidth);
const SpirvModule compute_fp32 = GP_SPIRV(compute_fp32);
const SpirvModule compute_fp16 = GP_SPIRV(compute_fp16);
const SpirvModule compute_fp64 = GP_SPIRV(compute_fp64);
const SpirvModule compute_int32 = GP_SPIRV(compute_int32);
const SpirvModule matmul_naive_fp32 = GP_SPIRV(matmul_naive_fp32);
const SpirvModule matmul_naive_fp16 = GP_SPIRV(matmul_naive_fp16);
const SpirvModule matmul_tiled_fp32 = GP_SPIRV(matmul_tiled_fp32);
const SpirvModule matmul_tiled_fp16 = GP_SPIRV(matmul_tiled_fp16);
#ifdef GPUPROBE_VULKAN_COOPERATIVE_MATRIX
const SpirvModule matmul_tensor = GP_SPIRV(matmul_tensor);
#endif

#undef GP_SPIRV

}  // namespace gpuprobe::vk::spirv
