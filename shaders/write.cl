// write: word i := i * 2654435761 ^ seed (reference::write_pattern), VEC words per store.
// The host passes seed = kit::write_seed(run seed, launch key), so every launch stores a
// different pattern and the check (every word against the last launch's pattern) sees
// whether the last launch really stored everything.
// One multiply and one xor per word keep the kernel store-bound. Same block access pattern
// as read.cl (consecutive work-items store consecutive vectors at every step).
//
// `tally`: work-item 0 adds 1 per launch (kit::check_launch_tally): the check sees every
// launch, not only the last one's pattern.
//
// Build options: -D VEC=1|2|4|8|16, -D ITEMS=<vectors per work-item per block>,
// -D GP_FAULT=0|1|2 (tests only, kit/fault.hpp: 1 = the last work-item skips its first
// vector, 2 = it stores nothing; 0 compiles to the plain kernel).

#ifndef VEC
#define VEC 1
#endif
#ifndef ITEMS
#define ITEMS 16
#endif
#ifndef GP_FAULT
#define GP_FAULT 0
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#if VEC == 1
#define vec_t uint
#define LANES ((uint)(0))
#else
#define vec_t CAT(uint, VEC)
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

inline vec_t pattern(ulong vector_index, uint seed) {
  // uint arithmetic wraps exactly like the host's uint32_t(index) * 2654435761u.
  const vec_t word_index = (vec_t)((uint)(vector_index * VEC)) + LANES;
  return (word_index * 2654435761u) ^ seed;
}

kernel void write_bandwidth(global vec_t* restrict data, ulong vectors, uint seed,
                            global uint* restrict tally) {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (get_global_id(0) == 0) tally[0] += 1;
  const ulong lid = get_local_id(0);
  const ulong local_size = get_local_size(0);
  const ulong block_size = local_size * ITEMS;
  const ulong full_blocks = vectors / block_size;
#if GP_FAULT == 2
  if (get_global_id(0) == get_global_size(0) - 1) return;
#endif
#if GP_FAULT == 1
  bool skip = get_global_id(0) == get_global_size(0) - 1;  // its first store
#define STORE(i)                  \
  if (skip)                       \
    skip = false;                 \
  else                            \
    data[i] = pattern(i, seed)
#else
#define STORE(i) data[i] = pattern(i, seed)
#endif
  for (ulong block = get_group_id(0); block < full_blocks; block += get_num_groups(0)) {
    const ulong first = block * block_size + lid;
#pragma unroll
    for (uint s = 0; s < ITEMS; ++s) {
      STORE(first + s * local_size);
    }
  }
  for (ulong i = full_blocks * block_size + get_global_id(0); i < vectors; i += get_global_size(0)) {
    STORE(i);
  }
}
