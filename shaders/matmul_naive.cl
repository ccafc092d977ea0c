// matmul_naive: C = A x B, row-major, one work-item per element of C, straight from global
// memory. The baseline that matmul_tiled and the vendor BLAS are measured against.
// Work-item (col, row): consecutive work-items share a row of A and read consecutive
// columns of B, so B's loads coalesce on a GPU.
//
// Build options: -D USE_HALF for fp16 storage and arithmetic (needs cl_khr_fp16).

#ifdef USE_HALF
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#define T half
#else
#define T float
#endif

kernel void matmul_naive(global const T* restrict a, global const T* restrict b,
                         global T* restrict c, uint m, uint n, uint k) {
  const uint col = get_global_id(0);
  const uint row = get_global_id(1);
  if (row >= m || col >= n) return;  // the grid is rounded up to whole work-groups
  global const T* a_row = a + (ulong)row * k;
  global const T* b_col = b + col;
  T acc = 0;
  for (uint i = 0; i < k; ++i) acc = fma(a_row[i], b_col[(ulong)i * n], acc);
  c[(ulong)row * n + col] = acc;
}
