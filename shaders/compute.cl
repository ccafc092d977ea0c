// compute: CHAINS independent multiply-add chains per work-item, each a vector of VEC
// lanes, x = x * a + b repeated `iterations` times with a and b kernel arguments (nothing
// folds at compile time). The chains start from values derived from the work-item id and
// b, so no two can be merged, and every chain's final value is summed and stored, so none
// can be dropped. The host recomputes the same recurrence for a few work-items.
// Counted: 2 operations per multiply-add, CHAINS * VEC * iterations per work-item.
//
// Build options: -D TYPE_FLOAT|TYPE_HALF|TYPE_DOUBLE|TYPE_UINT, -D VEC=1|2|4|8|16 (the
// device's preferred vector width: wide SIMD on a CPU driver, scalars on a GPU),
// -D CHAINS=<independent chains>.

#ifndef VEC
#define VEC 1
#endif
#ifndef CHAINS
#define CHAINS 16
#endif

#if defined(TYPE_HALF)
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#define TYPE half
#elif defined(TYPE_DOUBLE)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define TYPE double
#elif defined(TYPE_UINT)
#define TYPE uint
#else
#define TYPE float
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#if VEC == 1
#define vec_t TYPE
#define LANES ((vec_t)(0))
#else
#define vec_t CAT(TYPE, VEC)
#endif
#if VEC == 2
#define LANES ((vec_t)(0, 1))
#elif VEC == 4
#define LANES ((vec_t)(0, 1, 2, 3))
#elif VEC == 8
#define LANES ((vec_t)(0, 1, 2, 3, 4, 5, 6, 7))
#elif VEC == 16
#define LANES ((vec_t)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#endif

#if defined(TYPE_UINT)
// Integer multiply-add wraps mod 2^32, exactly like the host's uint32_t.
#define MADD(x, a, b) ((x) * (a) + (b))
#else
// fma(): a single rounding, so the host's std::fma reproduces every step bit for bit.
#define MADD(x, a, b) fma((x), (a), (b))
#endif

kernel void compute(global TYPE* restrict out, TYPE a, TYPE b, uint iterations) {
  const uint seed = get_global_id(0) & 255;
  vec_t x[CHAINS];
#pragma unroll
  for (uint c = 0; c < CHAINS; ++c) x[c] = ((vec_t)((TYPE)(seed + c * VEC)) + LANES) * b;

  for (uint i = 0; i < iterations; ++i) {
#pragma unroll
    for (uint c = 0; c < CHAINS; ++c) x[c] = MADD(x[c], a, b);
  }

  // Chains added in order, then lanes in order: the host repeats this sum exactly.
  vec_t chains = x[0];
#pragma unroll
  for (uint c = 1; c < CHAINS; ++c) chains += x[c];
  TYPE total = 0;
#if VEC == 1
  total = chains;
#else
  const TYPE* lanes = (const TYPE*)&chains;
  for (uint l = 0; l < VEC; ++l) total += lanes[l];
#endif
  out[get_global_id(0)] = total;
}
