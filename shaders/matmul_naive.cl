// matmul_naive: C = A x B, row-major, one work-item per element of C, straight from global
// memory. The baseline that matmul_tiled and the vendor BLAS are measured against.
// Work-item (col, row): consecutive work-items share a row of A and read consecutive
// columns of B, so B's loads coalesce on a GPU.
//
// C = alpha x A x B with alpha = kit::matmul_alpha(launch key) applied once at the store,
// so the last launch's C differs from the one before it (kit recipe).
// `tally`: work-item (0, 0) adds 1 per launch (kit::check_launch_tally): every launch is
// proven, not only the last one's C.
//
// Build options: -D USE_HALF for fp16 storage and arithmetic (needs cl_khr_fp16),
// -D GP_FAULT=0|1|2 (tests only, kit/fault.hpp: 1 = the work-item of C[m-1][n-1] runs
// k-1 steps, 2 = the last row of C is not stored; 0 compiles to the plain kernel).

#ifdef USE_HALF
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#define T half
#else
#define T float
#endif
#ifndef GP_FAULT
#define GP_FAULT 0
#endif

kernel void matmul_naive(global const T* restrict a, global const T* restrict b,
                         global T* restrict c, uint m, uint n, uint k, T alpha,
                         global uint* restrict tally) {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (get_global_id(0) == 0 && get_global_id(1) == 0) tally[0] += 1;
  const uint col = get_global_id(0);
  const uint row = get_global_id(1);
  if (row >= m || col >= n) return;  // the grid is rounded up to whole work-groups
  uint steps = k;
#if GP_FAULT == 1
  if (row == m - 1 && col == n - 1) steps -= 1;
#endif
  global const T* a_row = a + (ulong)row * k;
  global const T* b_col = b + col;
  T acc = 0;
  for (uint i = 0; i < steps; ++i) acc = fma(a_row[i], b_col[(ulong)i * n], acc);
#if GP_FAULT == 2
  if (row == m - 1) return;
#endif
  c[(ulong)row * n + col] = alpha * acc;
}
