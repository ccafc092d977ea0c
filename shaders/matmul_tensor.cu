// matmul_tensor: C = alpha x A x B on tensor cores (WMMA: warp-wide mma.sync), row-major,
// fp16 A and B, fp32 accumulate and C. The hand-written matrix-unit rung next to
// matmul_tiled.cu; shaders/matmul_tensor.comp is the Vulkan (cooperative-matrix) twin.
//
// A block of 4 warps (2 x 2) computes a 64 x 64 tile of C; each warp a 32 x 32 part as
// 2 x 2 fragments of 16 x 16, accumulating one 16 x 16 x 16 mma per fragment per k-step.
// A and B fragments are loaded straight from global memory (L1/L2 serve the reuse): the
// point of this rung is the matrix unit, not the last 2x of a shared-memory pipeline,
// which cuBLAS (matmul_vendor) shows next to it.
//
// Shapes: m, n and k must be multiples of 16 (the host pads A, B and C with zero rows and
// columns: exact, they add nothing); a fragment wholly outside m x n is skipped by its
// whole warp (the test is warp-uniform, as WMMA requires). lda = k, ldb = ldc = n.
//
// alpha = kit::matmul_alpha(launch key), a power of two, scales the accumulator once before
// the store, so the last launch's C differs from the one before it. `tally`: thread 0 of
// block (0, 0) adds 1 per launch (kit::check_launch_tally). `fault` (kit/fault.hpp code,
// tests only): the warp holding the fragment at C[m-16][n-16] skips its last k-step (1) or
// its store (2).
#include <cuda_fp16.h>
#include <mma.h>

namespace {

constexpr int kFragment = 16;      // WMMA m16n16k16
constexpr int kWarpFragments = 2;  // per warp, along each of m and n
constexpr int kBlockWarps = 2;     // per block, along each of m and n
constexpr int kBlockTile = kFragment * kWarpFragments * kBlockWarps;  // 64

}  // namespace

extern "C" __global__ void __launch_bounds__(32 * kBlockWarps * kBlockWarps)
    matmul_tensor(const __half* __restrict__ a, const __half* __restrict__ b,
                  float* __restrict__ c, unsigned m, unsigned n, unsigned k, float alpha,
                  unsigned fault, unsigned* __restrict__ tally) {
  using namespace nvcuda;
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 700
  if (threadIdx.x == 0 && blockIdx.x == 0 && blockIdx.y == 0) atomicAdd(tally, 1u);
  const unsigned warp = threadIdx.x / 32;
  const unsigned warp_row = blockIdx.y * kBlockTile + (warp / kBlockWarps) * 32;
  const unsigned warp_col = blockIdx.x * kBlockTile + (warp % kBlockWarps) * 32;

  wmma::fragment<wmma::accumulator, kFragment, kFragment, kFragment, float>
      acc[kWarpFragments][kWarpFragments];
  for (int i = 0; i < kWarpFragments; ++i)
    for (int j = 0; j < kWarpFragments; ++j) wmma::fill_fragment(acc[i][j], 0.0f);

  // The fragment at C[m-16][n-16] is the one a fault breaks.
  const unsigned last_row = m - kFragment, last_col = n - kFragment;
  for (unsigned kk = 0; kk < k; kk += kFragment) {
    wmma::fragment<wmma::matrix_a, kFragment, kFragment, kFragment, __half, wmma::row_major>
        frag_a[kWarpFragments];
    wmma::fragment<wmma::matrix_b, kFragment, kFragment, kFragment, __half, wmma::row_major>
        frag_b[kWarpFragments];
    for (int i = 0; i < kWarpFragments; ++i) {
      const unsigned row = warp_row + i * kFragment;
      if (row < m) wmma::load_matrix_sync(frag_a[i], a + size_t(row) * k + kk, k);
    }
    for (int j = 0; j < kWarpFragments; ++j) {
      const unsigned col = warp_col + j * kFragment;
      if (col < n) wmma::load_matrix_sync(frag_b[j], b + size_t(kk) * n + col, n);
    }
    for (int i = 0; i < kWarpFragments; ++i)
      for (int j = 0; j < kWarpFragments; ++j) {
        const unsigned row = warp_row + i * kFragment, col = warp_col + j * kFragment;
        if (row >= m || col >= n) continue;
        if (fault == 1 && row == last_row && col == last_col && kk + kFragment >= k) continue;
        wmma::mma_sync(acc[i][j], frag_a[i], frag_b[j], acc[i][j]);
      }
  }

  for (int i = 0; i < kWarpFragments; ++i)
    for (int j = 0; j < kWarpFragments; ++j) {
      const unsigned row = warp_row + i * kFragment, col = warp_col + j * kFragment;
      if (row >= m || col >= n) continue;
      if (fault == 2 && row == last_row && col == last_col) continue;
      for (int e = 0; e < acc[i][j].num_elements; ++e) acc[i][j].x[e] *= alpha;
      wmma::store_matrix_sync(c + size_t(row) * n + col, acc[i][j], n, wmma::mem_row_major);
    }
#else
  // Built for an architecture without tensor cores (before sm_70): never launched there,
  // the host refuses the kernel first (gemm_precisions: fp16 tensor cores need sm_70).
  (void)a, (void)b, (void)c, (void)m, (void)n, (void)k, (void)alpha, (void)fault, (void)tally;
#endif
}
