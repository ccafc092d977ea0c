// memtest: the VRAM test's fill and verify sweeps (include/gpuprobe/memtest.h). The word at
// chunk index i is memtest_word(code, base + i, salt) ^ xor_mask, the same function as
// kit/memtest.hpp's, bit for bit. uint arithmetic wraps like the host's uint32_t.
//
// Verify reads in the opposite order from the fill (the last word first), so a cache or a
// write-combining buffer that still holds the fill is not what answers; it counts every
// mismatch with an atomic and records the first `capacity` as (index, expected, got) after
// the two counters: status[0] = errors, status[1] unused.

uint memtest_word(uint code, uint address, uint salt) {
  if (code == 0) return address ^ salt;
  if (code == 1) return 1u << ((address + salt) & 31u);
  if (code == 2) return ~(1u << ((address + salt) & 31u));
  uint x = address * 0x9E3779B1u + salt;  // lowbias32 of a Weyl step
  x ^= x >> 16;
  x *= 0x7FEB352Du;
  x ^= x >> 15;
  x *= 0x846CA68Bu;
  x ^= x >> 16;
  return x;
}

kernel void memtest_fill(global uint* words, uint n, uint code, uint base, uint salt,
                         uint xor_mask) {
  for (uint i = get_global_id(0); i < n; i += get_global_size(0))
    words[i] = memtest_word(code, base + i, salt) ^ xor_mask;
}

kernel void memtest_verify(global uint* words, uint n, uint code, uint base, uint salt,
                           uint xor_mask, uint write_complement, volatile global uint* status,
                           uint capacity) {
  for (uint k = get_global_id(0); k < n; k += get_global_size(0)) {
    const uint i = n - 1u - k;
    const uint expected = memtest_word(code, base + i, salt) ^ xor_mask;
    const uint got = words[i];
    if (got != expected) {
      const uint slot = atomic_inc(&status[0]);
      if (slot < capacity) {
        status[2 + 3 * slot] = i;
        status[3 + 3 * slot] = expected;
        status[4 + 3 * slot] = got;
      }
    }
    if (write_complement) words[i] = ~expected;
  }
}
