// matmul_tiled: C = A x B, row-major, with local-memory tiles and register blocking.
//
// A work-group computes a TM x TN tile of C. For each slice of TK columns of A (rows of B)
// the group copies the TM x TK block of A and the TK x TN block of B into local memory
// once; then each work-item computes RM rows x (NV vectors of VW columns) of the tile from
// local memory, accumulating in registers. Every element loaded from global memory is
// reused TN (A) or TM (B) times, every local load RM or NV*VW times.
//
// Work-group shape: (TN / (NV*VW), TM / RM). Tiles inside the matrices are copied with
// VW-wide vector loads; tiles over an edge element by element, zero-filled past M, N and K,
// and stores are bounds-checked, so any shape works. TK must be a multiple of VW.
//
// C = alpha x A x B with alpha = kit::matmul_alpha(launch key) applied once at the store,
// so the last launch's C differs from the one before it (kit recipe). `tally`: work-item
// (0, 0) adds 1 per launch (kit::check_launch_tally), so every launch is proven.
//
// Build options: TM, TN, TK, RM, VW (1, 2, 4, 8, 16), NV; -D USE_HALF for fp16 storage and
// arithmetic (needs cl_khr_fp16); -D GP_FAULT=0|1|2 (tests only, kit/fault.hpp: 1 = the
// work-item that owns C[m-1][n-1] skips the first k-step, 2 = the last row of C is not
// stored; 0 compiles to the plain kernel).

#ifdef USE_HALF
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#define T half
#else
#define T float
#endif

#ifndef TM
#define TM 64
#endif
#ifndef TN
#define TN 64
#endif
#ifndef TK
#define TK 16
#endif
#ifndef RM
#define RM 4
#endif
#ifndef VW
#define VW 4
#endif
#ifndef NV
#define NV 1
#endif
#ifndef GP_FAULT
#define GP_FAULT 0
#endif

#define RN (NV * VW)
#define GROUP_COLS (TN / RN)
#define GROUP_SIZE (GROUP_COLS * (TM / RM))
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#if VW == 1
#define vec_t T
#define VLOAD(offset, p) ((p)[offset])
#define VSTORE(v, offset, p) ((p)[offset] = (v))
#else
#define vec_t CAT(T, VW)
#define VLOAD(offset, p) CAT(vload, VW)(offset, p)
#define VSTORE(v, offset, p) CAT(vstore, VW)(v, offset, p)
#endif

kernel __attribute__((reqd_work_group_size(GROUP_COLS, TM / RM, 1)))
void matmul_tiled(global const T* restrict a, global const T* restrict b, global T* restrict c,
                  uint m, uint n, uint k, T alpha, global uint* restrict tally) {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (get_global_id(0) == 0 && get_global_id(1) == 0) tally[0] += 1;
  local T a_tile[TM * TK];  // a_tile[row * TK + kk]
  local T b_tile[TK * TN];  // b_tile[kk * TN + col]

  const uint tx = get_local_id(0), ty = get_local_id(1);
  const uint lid = ty * GROUP_COLS + tx;
  const uint row0 = get_group_id(1) * TM, col0 = get_group_id(0) * TN;
  const bool inside_mn = row0 + TM <= m && col0 + TN <= n;

#if GP_FAULT == 1
  const uint my_row = row0 + ty * RM, my_col = col0 + tx * RN;
  const bool owns_last = my_row <= m - 1 && m - 1 < my_row + RM && my_col <= n - 1 &&
                         n - 1 < my_col + RN;
#endif
  vec_t acc[RM][NV];
#pragma unroll
  for (uint i = 0; i < RM; ++i)
#pragma unroll
    for (uint v = 0; v < NV; ++v) acc[i][v] = (vec_t)(0);

  for (uint k0 = 0; k0 < k; k0 += TK) {
    // Copy the A and B blocks; consecutive work-items take consecutive vectors, which
    // coalesces on a GPU. The branch is uniform across the work-group.
    if (inside_mn && k0 + TK <= k) {
      for (uint idx = lid; idx < TM * TK / VW; idx += GROUP_SIZE) {
        const uint r = idx / (TK / VW), kv = idx % (TK / VW);
        VSTORE(VLOAD(0, a + (ulong)(row0 + r) * k + k0 + kv * VW), 0, a_tile + r * TK + kv * VW);
      }
      for (uint idx = lid; idx < TK * TN / VW; idx += GROUP_SIZE) {
        const uint kk = idx / (TN / VW), cv = idx % (TN / VW);
        VSTORE(VLOAD(0, b + (ulong)(k0 + kk) * n + col0 + cv * VW), 0, b_tile + kk * TN + cv * VW);
      }
    } else {
      for (uint idx = lid; idx < TM * TK; idx += GROUP_SIZE) {
        const uint r = idx / TK, kk = idx % TK;
        const uint gr = row0 + r, gk = k0 + kk;
        a_tile[idx] = (gr < m && gk < k) ? a[(ulong)gr * k + gk] : (T)0;
      }
      for (uint idx = lid; idx < TK * TN; idx += GROUP_SIZE) {
        const uint kk = idx / TN, cc = idx % TN;
        const uint gk = k0 + kk, gc = col0 + cc;
        b_tile[idx] = (gk < k && gc < n) ? b[(ulong)gk * n + gc] : (T)0;
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);

#pragma unroll 4
    for (uint kk = 0; kk < TK; ++kk) {
#if GP_FAULT == 1
      if (owns_last && k0 == 0 && kk == 0) continue;
#endif
      vec_t bv[NV];
#pragma unroll
      for (uint v = 0; v < NV; ++v) bv[v] = VLOAD(0, b_tile + kk * TN + tx * RN + v * VW);
#pragma unroll
      for (uint i = 0; i < RM; ++i) {
        const vec_t av = (vec_t)(a_tile[(ty * RM + i) * TK + kk]);
#pragma unroll
        for (uint v = 0; v < NV; ++v) acc[i][v] = fma(av, bv[v], acc[i][v]);
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }

#pragma unroll
  for (uint i = 0; i < RM; ++i) {
    const uint row = row0 + ty * RM + i;
    if (row >= m) break;
#if GP_FAULT == 2
    if (row == m - 1) break;
#endif
#pragma unroll
    for (uint v = 0; v < NV; ++v) {
      const uint col = col0 + tx * RN + v * VW;
      global T* out = c + (ulong)row * n + col;
      const vec_t scaled = alpha * acc[i][v];
      if (col + VW <= n) {
        VSTORE(scaled, 0, out);
      } else {
        // Right edge: element by element.
        const T* lanes = (const T*)&scaled;
        for (uint l = 0; l < VW && col + l < n; ++l) out[l] = lanes[l];
      }
    }
  }
}
