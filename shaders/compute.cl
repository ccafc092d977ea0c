// compute: CHAINS independent multiply-add chains per work-item, each a vector of VEC
// lanes, x = x * a + b repeated `iterations` times with a and b kernel arguments (nothing
// folds at compile time; the hardware issues a full FMA even though a is 1). Every chain's
// final value is summed and stored, so none can be dropped.
// Counted: 2 operations per multiply-add, CHAINS * VEC * iterations per work-item.
//
// Exact chains (kit/checks.hpp), so the host checks EVERY work-item with an equality:
//  - chain id of chain c, lane l of work-item gid: id = gid + stride * (c * VEC + l), with
//    `stride` a kernel argument, a multiple of 64 at least the global size (ids are
//    unique). Why not consecutive ids: a work-item's CHAINS * VEC chains would then cover
//    whole periods of (id + key) & 63 and their sum would not depend on the key, so a
//    launch that never ran could not show. With this mapping all chains of a work-item
//    start at chain_start(gid, key); the compiler cannot see that (stride is only known
//    at run time), so it cannot merge them, and the device runs every chain;
//  - floating types: a = 1, b = kit::exact_step(iterations) (a power of two with
//    iterations * b <= 1), start = kit::chain_start(id, key) = -((id + key) & 63) / 64.
//    Every step adds b exactly (fp16 too, with iterations <= 1024), the end value is
//    start + iterations * b, and a chain one step short is off by exactly b. The sum over
//    chains and lanes is exact in the accumulator: float for half and float, double for
//    double (<= 256 values that are multiples of 2^-11 in [-1, 1]);
//  - uint: a = kit::kIntMul, b = kit::kIntAdd (full-period LCG step, mod 2^32), start =
//    kit::int_chain_start(id, key) = id * 0x9E3779B9 + key * 0x85EBCA6B; the host uses
//    kit::affine_power for the end values; the sum wraps mod 2^32.
// `key` is the launch's key (kit::BatchPlan), so every launch stores different values;
// `tally`: work-item 0 adds 1 per launch (kit::check_launch_tally), so launches before the
// last are proven too.
//
// Build options: -D TYPE_FLOAT|TYPE_HALF|TYPE_DOUBLE|TYPE_UINT, -D VEC=1|2|4|8|16 (the
// device's preferred vector width: wide SIMD on a CPU driver, scalars on a GPU),
// -D CHAINS=<independent chains>, -D GP_FAULT=0|1|2 (tests only, kit/fault.hpp: 1 = the
// last work-item runs one iteration fewer, 2 = it stores nothing; 0 = the plain kernel).

#ifndef VEC
#define VEC 1
#endif
#ifndef CHAINS
#define CHAINS 16
#endif
#ifndef GP_FAULT
#define GP_FAULT 0
#endif

#if defined(TYPE_HALF)
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#define TYPE half
#define ACC float
#elif defined(TYPE_DOUBLE)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define TYPE double
#define ACC double
#elif defined(TYPE_UINT)
#define TYPE uint
#define ACC uint
#else
#define TYPE float
#define ACC float
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#if VEC == 1
#define vec_t TYPE
#define acc_vec_t ACC
#define uvec_t uint
#define LANES ((uint)(0))
#else
#define vec_t CAT(TYPE, VEC)
#define acc_vec_t CAT(ACC, VEC)
#define uvec_t CAT(uint, VEC)
#endif
#if VEC == 2
#define LANES ((uvec_t)(0, 1))
#elif VEC == 4
#define LANES ((uvec_t)(0, 1, 2, 3))
#elif VEC == 8
#define LANES ((uvec_t)(0, 1, 2, 3, 4, 5, 6, 7))
#elif VEC == 16
#define LANES ((uvec_t)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#endif
#define TO_VEC CAT(convert_, vec_t)
#define TO_ACC CAT(convert_, acc_vec_t)

#if defined(TYPE_UINT)
// Integer multiply-add wraps mod 2^32, exactly like the host's uint32_t.
#define MADD(x, a, b) ((x) * (a) + (b))
// kit::int_chain_start for the VEC chain ids of chain c (ids wrap mod 2^32 like the host's).
#define START(c) ((((uvec_t)((c) * VEC) + LANES) * stride + (uint)gid) * 0x9E3779B9u + key * 0x85EBCA6Bu)
#else
#define MADD(x, a, b) fma((x), (a), (b))
// kit::chain_start for the VEC chain ids of chain c: -((id + key) & 63) / 64, exact.
#define START(c) \
  (TO_VEC(((((uvec_t)((c) * VEC) + LANES) * stride + (uint)gid) + key) & 63u) * (TYPE)(-0.015625))
#endif

kernel void compute(global ACC* restrict out, TYPE a, TYPE b, uint iterations, uint key,
                    uint stride, global uint* restrict tally) {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (get_global_id(0) == 0) tally[0] += 1;
  const ulong gid = get_global_id(0);
#if GP_FAULT != 0
  const bool last_item = gid == get_global_size(0) - 1;
#endif
#if GP_FAULT == 1
  if (last_item) iterations -= 1;
#endif
  vec_t x[CHAINS];
#pragma unroll
  for (uint c = 0; c < CHAINS; ++c) x[c] = START(c);

  for (uint i = 0; i < iterations; ++i) {
#pragma unroll
    for (uint c = 0; c < CHAINS; ++c) x[c] = MADD(x[c], a, b);
  }

  acc_vec_t chains = TO_ACC(x[0]);
#pragma unroll
  for (uint c = 1; c < CHAINS; ++c) chains += TO_ACC(x[c]);
  ACC total = 0;
#if VEC == 1
  total = chains;
#else
  const ACC* lanes = (const ACC*)&chains;
  for (uint l = 0; l < VEC; ++l) total += lanes[l];
#endif
#if GP_FAULT == 2
  if (last_item) return;
#endif
  out[gid] = total;
}
