// local_bandwidth: each work-group copies a tile of random words from global into local
// memory once, then every work-item reads WORDS vectors (VEC words each) of the tile per
// repetition and adds them up, then ADDS its sum to its own slot of `out` (kit recipe: slots
// start poisoned and accumulate over launches, so every launch and every work-item shows).
// Counted: 4 bytes per word loaded from local memory.
//
// Step w of a repetition reads tile[w*L + lid + shift], shift = rep % PAD: consecutive
// work-items read consecutive vectors (no bank conflicts on a GPU), and the shift changes
// every repetition, so the compiler cannot hoist the loads out of the repetition loop and
// multiply. The tile is PAD vectors longer than L*WORDS so shifted reads stay inside it.
// Two accumulators let a CPU issue two loads per cycle instead of waiting on one add chain.
//
// Build options: -D VEC=1|2|4|8|16 (the device's preferred int vector width: AVX-512
// registers on a CPU driver, scalars on a GPU), -D WORDS=<loads per work-item per
// repetition, even>, -D PAD=<power of two>, -D GP_FAULT=0|1|2 (tests only,
// kit/fault.hpp: 1 = the last work-item skips its first repetition, 2 = it does not update
// its slot; 0 compiles to the plain kernel).

#ifndef VEC
#define VEC 1
#endif
#ifndef WORDS
#define WORDS 16
#endif
#ifndef PAD
#define PAD 64
#endif
#ifndef GP_FAULT
#define GP_FAULT 0
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#if VEC == 1
#define vec_t uint
#else
#define vec_t CAT(uint, VEC)
#endif

kernel void local_bandwidth(global const vec_t* restrict input, uint reps,
                            global uint* restrict out, local vec_t* restrict tile) {
  const uint lid = get_local_id(0);
  const uint local_size = get_local_size(0);
  const uint tile_vectors = local_size * WORDS + PAD;
  global const vec_t* source = input + (ulong)get_group_id(0) * tile_vectors;
  for (uint i = lid; i < tile_vectors; i += local_size) tile[i] = source[i];
  barrier(CLK_LOCAL_MEM_FENCE);

  vec_t acc0 = (vec_t)(0), acc1 = (vec_t)(0);
#if GP_FAULT != 0
  const bool last_item = get_global_id(0) == get_global_size(0) - 1;
#endif
#if GP_FAULT == 1
  for (uint r = last_item ? 1 : 0; r < reps; ++r) {
#else
  for (uint r = 0; r < reps; ++r) {
#endif
    local const vec_t* row = tile + lid + (r & (PAD - 1));
#pragma unroll
    for (uint w = 0; w < WORDS; w += 2) {
      acc0 += row[w * local_size];
      acc1 += row[(w + 1) * local_size];
    }
  }
  const vec_t acc = acc0 + acc1;
  uint total = 0;
#if VEC == 1
  total = acc;
#else
  const uint* lanes = (const uint*)&acc;
  for (uint l = 0; l < VEC; ++l) total += lanes[l];
#endif
#if GP_FAULT == 2
  if (last_item) return;
#endif
  out[get_global_id(0)] += total;
}
