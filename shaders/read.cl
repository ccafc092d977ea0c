// read: every work-item sums uint words of the buffer (VEC at a time, uint32 wrap-around)
// and ADDS its sum to its own slot of `partial` (kit recipe: slots start poisoned, and after
// L launches they hold slots x poison + L x the reference sum), so a skipped element, a
// skipped store or a launch that never ran is caught.
//
// Access pattern: the buffer is cut into blocks of (work-group size x ITEMS) vectors and
// the work-groups take blocks in turn (block = group, group + groups, ...). Inside a block,
// step s reads vector s*L + lid, so consecutive work-items read consecutive vectors at
// every step: coalesced on a GPU, and on a CPU driver (PoCL), which runs a whole
// work-group per thread, a block is a contiguous stretch that one core streams through.
//
// Build options: -D VEC=1|2|4|8|16, -D ITEMS=<vectors per work-item per block>,
// -D GP_FAULT=0|1|2 (tests only, kit/fault.hpp: 1 = the last work-item skips its first
// vector, 2 = it does not update its slot; 0 compiles to the plain kernel).

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

inline uint lane_sum(vec_t v) {
#if VEC == 16
  uint8 a = v.lo + v.hi;
  uint4 b = a.lo + a.hi;
  uint2 c = b.lo + b.hi;
  return c.x + c.y;
#elif VEC == 8
  uint4 b = v.lo + v.hi;
  uint2 c = b.lo + b.hi;
  return c.x + c.y;
#elif VEC == 4
  uint2 c = v.lo + v.hi;
  return c.x + c.y;
#elif VEC == 2
  return v.x + v.y;
#else
  return v;
#endif
}

// `vectors`: buffer length in vec_t units. `partial`: one uint slot per work-item.
kernel void read_bandwidth(global const vec_t* restrict data, ulong vectors,
                           global uint* restrict partial) {
  const ulong lid = get_local_id(0);
  const ulong local_size = get_local_size(0);
  const ulong block_size = local_size * ITEMS;
  const ulong full_blocks = vectors / block_size;
#if GP_FAULT != 0
  const bool last_item = get_global_id(0) == get_global_size(0) - 1;
#endif
#if GP_FAULT == 1
  bool skip = last_item;  // the first vector this work-item would add
#define ADD(v)      \
  if (skip)         \
    skip = false;   \
  else              \
    acc += (v)
#else
#define ADD(v) acc += (v)
#endif
  vec_t acc = (vec_t)(0);
  for (ulong block = get_group_id(0); block < full_blocks; block += get_num_groups(0)) {
    global const vec_t* base = data + block * block_size + lid;
#pragma unroll
    for (uint s = 0; s < ITEMS; ++s) {
      ADD(base[s * local_size]);
    }
  }
  // Tail shorter than one block: spread over all work-items, bounds-checked.
  for (ulong i = full_blocks * block_size + get_global_id(0); i < vectors; i += get_global_size(0)) {
    ADD(data[i]);
  }
#if GP_FAULT == 2
  if (last_item) return;
#endif
  partial[get_global_id(0)] += lane_sum(acc);
}
