// Device-side helpers the CUDA kernels (shaders/*.cu) share: fixed-width word vectors (CUDA
// has uint2/uint4 only; the .cl kernels use uint8/uint16 too), global ids, and the fault
// codes of kit/fault.hpp, which reach CUDA kernels as an argument (0 none, 1 skip_iteration,
// 2 skip_store).
#pragma once

#include <cstdint>

namespace gpuprobe::cuda::device {

constexpr uint32_t kFaultSkipIteration = 1;
constexpr uint32_t kFaultSkipStore = 2;
// Vectors per work-item per block of the streaming kernels (ITEMS in read.cl).
constexpr uint32_t kStreamItems = 16;

// VEC 32-bit words loaded and stored as one (VEC >= 4: 16-byte aligned, so nvcc emits
// 128-bit accesses).
template <int VEC>
struct alignas(VEC >= 4 ? 16 : 4 * VEC) Words {
  uint32_t w[VEC];
};

template <int VEC>
__device__ __forceinline__ void add_words(Words<VEC>& acc, const Words<VEC>& v) {
#pragma unroll
  for (int l = 0; l < VEC; ++l) acc.w[l] += v.w[l];
}

template <int VEC>
__device__ __forceinline__ uint32_t lane_sum(const Words<VEC>& v) {
  uint32_t total = 0;
#pragma unroll
  for (int l = 0; l < VEC; ++l) total += v.w[l];
  return total;
}

__device__ __forceinline__ uint64_t global_id() {
  return uint64_t{blockIdx.x} * blockDim.x + threadIdx.x;
}
__device__ __forceinline__ uint64_t global_size() { return uint64_t{gridDim.x} * blockDim.x; }
__device__ __forceinline__ bool last_work_item() { return global_id() == global_size() - 1; }

}  // namespace gpuprobe::cuda::device
