// matmul_naive: C = alpha x A x B, row-major, one thread per element of C, straight from
// global memory: the baseline the tiled kernel and cuBLAS are measured against. Same as
// matmul_naive.cl and matmul_naive.comp. Thread (col, row): consecutive threads share a row
// of A and read consecutive columns of B, so B's loads coalesce.
//
// alpha = kit::matmul_alpha(launch key), applied once at the store, so the last launch's C
// differs from the one before it (kit recipe). `tally`: thread (0, 0) adds 1 per launch.
//
// Template T = float or __half (fp16 storage and arithmetic, like USE_HALF in the .cl);
// `fault` (tests only, kit/fault.hpp): 1 = the thread of C[m-1][n-1] runs k-1 steps,
// 2 = the last row of C is not stored.
#pragma once

#include <cuda_fp16.h>

#include "device_common.cuh"

namespace gpuprobe::cuda::device {

__device__ __forceinline__ float mul_add(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ __half mul_add(__half a, __half b, __half c) { return __hfma(a, b, c); }
__device__ __forceinline__ float scale(float alpha, float v) { return alpha * v; }
__device__ __forceinline__ __half scale(__half alpha, __half v) { return __hmul(alpha, v); }

template <typename T>
__global__ void matmul_naive(const T* __restrict__ a, const T* __restrict__ b, T* __restrict__ c,
                             uint32_t m, uint32_t n, uint32_t k, T alpha,
                             uint32_t* __restrict__ tally, uint32_t fault) {
  const uint32_t col = blockIdx.x * blockDim.x + threadIdx.x;
  const uint32_t row = blockIdx.y * blockDim.y + threadIdx.y;
  if (row == 0 && col == 0) tally[0] += 1;
  if (row >= m || col >= n) return;  // the grid is rounded up to whole blocks
  uint32_t steps = k;
  if (fault == kFaultSkipIteration && row == m - 1 && col == n - 1) steps -= 1;
  const T* a_row = a + uint64_t{row} * k;
  const T* b_col = b + col;
  T acc = T(0.0f);
  for (uint32_t i = 0; i < steps; ++i) acc = mul_add(a_row[i], b_col[uint64_t{i} * n], acc);
  if (fault == kFaultSkipStore && row == m - 1) return;
  c[uint64_t{row} * n + col] = scale(alpha, acc);
}

}  // namespace gpuprobe::cuda::device
