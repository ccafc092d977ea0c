// copy: dst[i] = src[i], VEC words at a time, same block access pattern as read.cl
// (consecutive work-items move consecutive vectors at every step).
//
// Build options: -D VEC=1|2|4|8|16, -D ITEMS=<vectors per work-item per block>.

#ifndef VEC
#define VEC 1
#endif
#ifndef ITEMS
#define ITEMS 16
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#if VEC == 1
#define vec_t uint
#else
#define vec_t CAT(uint, VEC)
#endif

kernel void copy_bandwidth(global const vec_t* restrict src, global vec_t* restrict dst,
                           ulong vectors) {
  const ulong lid = get_local_id(0);
  const ulong local_size = get_local_size(0);
  const ulong block_size = local_size * ITEMS;
  const ulong full_blocks = vectors / block_size;
  for (ulong block = get_group_id(0); block < full_blocks; block += get_num_groups(0)) {
    const ulong first = block * block_size + lid;
#pragma unroll
    for (uint s = 0; s < ITEMS; ++s) dst[first + s * local_size] = src[first + s * local_size];
  }
  for (ulong i = full_blocks * block_size + get_global_id(0); i < vectors; i += get_global_size(0))
    dst[i] = src[i];
}
