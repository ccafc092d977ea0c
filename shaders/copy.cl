// copy: dst[i] = src[offset + i], VEC words at a time, same block access pattern as read.cl
// (consecutive work-items move consecutive vectors at every step). The source is longer
// than the destination and `offset` (kit::window_offset_bytes of the launch key, in
// vectors) moves the window between launches, so the destination shows which launch
// wrote it last.
//
// `tally`: work-item 0 adds 1 per launch (kit::check_launch_tally): the check sees every
// launch, not only the last one's window.
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
#else
#define vec_t CAT(uint, VEC)
#endif

kernel void copy_bandwidth(global const vec_t* restrict src, global vec_t* restrict dst,
                           ulong vectors, ulong offset, global uint* restrict tally) {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (get_global_id(0) == 0) tally[0] += 1;
  const ulong lid = get_local_id(0);
  const ulong local_size = get_local_size(0);
  const ulong block_size = local_size * ITEMS;
  const ulong full_blocks = vectors / block_size;
  src += offset;
#if GP_FAULT == 2
  if (get_global_id(0) == get_global_size(0) - 1) return;
#endif
#if GP_FAULT == 1
  bool skip = get_global_id(0) == get_global_size(0) - 1;  // its first vector
#define MOVE(i)     \
  if (skip)         \
    skip = false;   \
  else              \
    dst[i] = src[i]
#else
#define MOVE(i) dst[i] = src[i]
#endif
  for (ulong block = get_group_id(0); block < full_blocks; block += get_num_groups(0)) {
    const ulong first = block * block_size + lid;
#pragma unroll
    for (uint s = 0; s < ITEMS; ++s) {
      MOVE(first + s * local_size);
    }
  }
  for (ulong i = full_blocks * block_size + get_global_id(0); i < vectors; i += get_global_size(0)) {
    MOVE(i);
  }
}
