// matmul_tiled: C = alpha x A x B, row-major, with shared-memory tiles and register
// blocking. Same algorithm and tile shape as matmul_tiled.cl on a GPU (TM = TN = 64,
// TK = 16, RM = 4, VW = 4, NV = 1) and matmul_tiled.comp.
//
// A 16 x 16 thread block computes a 64 x 64 tile of C. For each slice of TK columns of A
// (rows of B) the block copies the TM x TK block of A and the TK x TN block of B into shared
// memory once; each thread then computes RM rows x VW columns of the tile from shared
// memory, accumulating in registers. Tiles inside the matrices are copied with VW-wide
// vector loads (when k and n keep them aligned); tiles over an edge element by element,
// zero-filled past M, N and K, and stores are bounds-checked, so any shape works.
//
// alpha = kit::matmul_alpha(launch key) applied at the store; `tally`: thread (0, 0) adds 1
// per launch. Template T = float or __half; `fault` (tests only, kit/fault.hpp): 1 = the
// thread that owns C[m-1][n-1] skips the first k-step, 2 = the last row of C is not stored.
#pragma once

#include <cuda_fp16.h>

#include "device_common.cuh"
#include "matmul_naive.cu"

namespace gpuprobe::cuda::device {

constexpr uint32_t kTileM = 64, kTileN = 64, kTileK = 16, kRowsPerThread = 4, kVecWidth = 4;
constexpr uint32_t kTileCols = kTileN / kVecWidth;       // threads per block row (16)
constexpr uint32_t kTileRows = kTileM / kRowsPerThread;  // block rows (16)
constexpr uint32_t kTileThreads = kTileCols * kTileRows;

template <typename T>
struct alignas(kVecWidth * sizeof(T)) TileVec {
  T v[kVecWidth];
};

template <typename T>
__global__ void __launch_bounds__(kTileThreads)
    matmul_tiled(const T* __restrict__ a, const T* __restrict__ b, T* __restrict__ c, uint32_t m,
                 uint32_t n, uint32_t k, T alpha, uint32_t* __restrict__ tally, uint32_t fault) {
  __shared__ TileVec<T> a_tile_v[kTileM * kTileK / kVecWidth];  // a_tile[row * TK + kk]
  __shared__ TileVec<T> b_tile_v[kTileK * kTileN / kVecWidth];  // b_tile[kk * TN + col]
  T* a_tile = a_tile_v[0].v;
  T* b_tile = b_tile_v[0].v;
  const uint32_t tx = threadIdx.x, ty = threadIdx.y;
  if (blockIdx.x == 0 && blockIdx.y == 0 && tx == 0 && ty == 0) tally[0] += 1;
  const uint32_t lid = ty * kTileCols + tx;
  const uint32_t row0 = blockIdx.y * kTileM, col0 = blockIdx.x * kTileN;
  // Vector copies need whole tiles and rows that keep VW-element alignment.
  const bool vector_ok =
      row0 + kTileM <= m && col0 + kTileN <= n && k % kVecWidth == 0 && n % kVecWidth == 0;
  const uint32_t my_row = row0 + ty * kRowsPerThread, my_col = col0 + tx * kVecWidth;
  const bool skip_first = fault == kFaultSkipIteration && my_row <= m - 1 &&
                          m - 1 < my_row + kRowsPerThread && my_col <= n - 1 &&
                          n - 1 < my_col + kVecWidth;

  T acc[kRowsPerThread][kVecWidth];
#pragma unroll
  for (uint32_t i = 0; i < kRowsPerThread; ++i)
#pragma unroll
    for (uint32_t v = 0; v < kVecWidth; ++v) acc[i][v] = T(0.0f);

  for (uint32_t k0 = 0; k0 < k; k0 += kTileK) {
    // Consecutive threads take consecutive vectors (coalesced); the branch is uniform.
    if (vector_ok && k0 + kTileK <= k) {
      for (uint32_t idx = lid; idx < kTileM * kTileK / kVecWidth; idx += kTileThreads) {
        const uint32_t r = idx / (kTileK / kVecWidth), kv = idx % (kTileK / kVecWidth);
        a_tile_v[idx] =
            *reinterpret_cast<const TileVec<T>*>(a + uint64_t{row0 + r} * k + k0 + kv * kVecWidth);
      }
      for (uint32_t idx = lid; idx < kTileK * kTileN / kVecWidth; idx += kTileThreads) {
        const uint32_t kk = idx / (kTileN / kVecWidth), cv = idx % (kTileN / kVecWidth);
        b_tile_v[idx] =
            *reinterpret_cast<const TileVec<T>*>(b + uint64_t{k0 + kk} * n + col0 + cv * kVecWidth);
      }
    } else {
      for (uint32_t idx = lid; idx < kTileM * kTileK; idx += kTileThreads) {
        const uint32_t r = idx / kTileK, kk = idx % kTileK;
        const uint32_t gr = row0 + r, gk = k0 + kk;
        a_tile[idx] = (gr < m && gk < k) ? a[uint64_t{gr} * k + gk] : T(0.0f);
      }
      for (uint32_t idx = lid; idx < kTileK * kTileN; idx += kTileThreads) {
        const uint32_t kk = idx / kTileN, cc = idx % kTileN;
        const uint32_t gk = k0 + kk, gc = col0 + cc;
        b_tile[idx] = (gk < k && gc < n) ? b[uint64_t{gk} * n + gc] : T(0.0f);
      }
    }
    __syncthreads();

#pragma unroll
    for (uint32_t kk = 0; kk < kTileK; ++kk) {
      // skip_iteration: the owner's first k-step adds 0 x B (a branch here made ptxas spill).
      const T keep = (kk == 0 && k0 == 0 && skip_first) ? T(0.0f) : T(1.0f);
      const TileVec<T> bv = b_tile_v[(kk * kTileN + tx * kVecWidth) / kVecWidth];
#pragma unroll
      for (uint32_t i = 0; i < kRowsPerThread; ++i) {
        const T av = kk == 0 ? scale(keep, a_tile[(ty * kRowsPerThread + i) * kTileK + kk])
                             : a_tile[(ty * kRowsPerThread + i) * kTileK + kk];
#pragma unroll
        for (uint32_t v = 0; v < kVecWidth; ++v) acc[i][v] = mul_add(av, bv.v[v], acc[i][v]);
      }
    }
    __syncthreads();
  }

#pragma unroll
  for (uint32_t i = 0; i < kRowsPerThread; ++i) {
    const uint32_t row = my_row + i;
    if (row >= m) break;
    if (fault == kFaultSkipStore && row == m - 1) break;
    T* out = c + uint64_t{row} * n + my_col;
    TileVec<T> scaled;
#pragma unroll
    for (uint32_t v = 0; v < kVecWidth; ++v) scaled.v[v] = scale(alpha, acc[i][v]);
    if (my_col + kVecWidth <= n && n % kVecWidth == 0) {
      *reinterpret_cast<TileVec<T>*>(out) = scaled;
    } else {
      // Right edge or unaligned rows: element by element (unrolled, so `scaled` stays in
      // registers: a runtime index would put it in local memory, a spill ptxas reports).
#pragma unroll
      for (uint32_t l = 0; l < kVecWidth; ++l)
        if (my_col + l < n) out[l] = scaled.v[l];
    }
  }
}

}  // namespace gpuprobe::cuda::device
