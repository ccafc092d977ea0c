#version 450
// memtest: the VRAM test's sweeps (include/gpuprobe/memtest.h), as shaders/memtest.cl. The
// word at chunk index i is memtest_word(code, base + i, salt) ^ xor_mask, the same function
// as kit/memtest.hpp's, bit for bit.
//
// mode 0 fills; 1 verifies; 2 verifies and stores each word's complement (moving
// inversions); 3 flips flip_mask into word flip_word (the test-only fault switch, one
// invocation). Verify reads in the opposite order from the fill (the last word first),
// counts every mismatch with an atomic and records the first `capacity` as (index,
// expected, got) after the two counters: status[0] = errors, status[1] unused.
// Each invocation strides over the chunk by `invocations`; the host keeps the strides per
// invocation far below lavapipe's 65535 loop iterations.

layout(local_size_x_id = 0) in;
layout(constant_id = 7) const uint GP_FAULT = 0;  // unused: memtest faults are flips

layout(std430, binding = 0) buffer Words { uint words[]; };
layout(std430, binding = 1) buffer Status { uint status[]; };

layout(push_constant) uniform Params {
  uint n;
  uint code;
  uint base;
  uint salt;
  uint xor_mask;
  uint mode;
  uint invocations;
  uint capacity;
  uint flip_word;
  uint flip_mask;
} params;

uint memtest_word(uint code, uint address, uint salt) {
  if (code == 0u) return address ^ salt;
  if (code == 1u) return 1u << ((address + salt) & 31u);
  if (code == 2u) return ~(1u << ((address + salt) & 31u));
  uint x = address * 0x9E3779B1u + salt;  // lowbias32 of a Weyl step
  x ^= x >> 16;
  x *= 0x7FEB352Du;
  x ^= x >> 15;
  x *= 0x846CA68Bu;
  x ^= x >> 16;
  return x;
}

void main() {
  const uint id = gl_GlobalInvocationID.x;
  if (params.mode == 3u) {
    if (id == 0u) words[params.flip_word] ^= params.flip_mask;
    return;
  }
  for (uint k = id; k < params.n; k += params.invocations) {
    if (params.mode == 0u) {
      words[k] = memtest_word(params.code, params.base + k, params.salt) ^ params.xor_mask;
      continue;
    }
    const uint i = params.n - 1u - k;
    const uint expected = memtest_word(params.code, params.base + i, params.salt) ^ params.xor_mask;
    const uint got = words[i];
    if (got != expected) {
      const uint slot = atomicAdd(status[0], 1u);
      if (slot < params.capacity) {
        status[2u + 3u * slot] = i;
        status[3u + 3u * slot] = expected;
        status[4u + 3u * slot] = got;
      }
    }
    if (params.mode == 2u) words[i] = ~expected;
  }
}
