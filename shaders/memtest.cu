// memtest: the VRAM test's fill and verify sweeps (include/gpuprobe/memtest.h), as
// shaders/memtest.cl and memtest.comp. The word at chunk index i is
// memtest_word(code, base + i, salt) ^ xor_mask, the same function as kit/memtest.hpp's.
//
// Verify reads in the opposite order from the fill (the last word first), so an L2 that
// still holds the fill is not what answers; it counts every mismatch with an atomic and
// records the first `capacity` as (index, expected, got) after the two counters:
// status[0] = errors, status[1] unused.
#pragma once

#include "device_common.cuh"

namespace gpuprobe::cuda::device {

__device__ __forceinline__ uint32_t memtest_word(uint32_t code, uint32_t address, uint32_t salt) {
  if (code == 0u) return address ^ salt;
  if (code == 1u) return 1u << ((address + salt) & 31u);
  if (code == 2u) return ~(1u << ((address + salt) & 31u));
  uint32_t x = address * 0x9E3779B1u + salt;  // lowbias32 of a Weyl step
  x ^= x >> 16;
  x *= 0x7FEB352Du;
  x ^= x >> 15;
  x *= 0x846CA68Bu;
  x ^= x >> 16;
  return x;
}

__global__ void memtest_fill(uint32_t* __restrict__ words, uint32_t n, uint32_t code, uint32_t base,
                             uint32_t salt, uint32_t xor_mask) {
  const uint32_t step = gridDim.x * blockDim.x;
  for (uint32_t i = static_cast<uint32_t>(global_id()); i < n; i += step)
    words[i] = memtest_word(code, base + i, salt) ^ xor_mask;
}

__global__ void memtest_verify(uint32_t* __restrict__ words, uint32_t n, uint32_t code,
                               uint32_t base, uint32_t salt, uint32_t xor_mask,
                               uint32_t write_complement, uint32_t* __restrict__ status,
                               uint32_t capacity) {
  const uint32_t step = gridDim.x * blockDim.x;
  for (uint32_t k = static_cast<uint32_t>(global_id()); k < n; k += step) {
    const uint32_t i = n - 1u - k;
    const uint32_t expected = memtest_word(code, base + i, salt) ^ xor_mask;
    // volatile: read the word from memory, never a value the compiler kept from the fill.
    const uint32_t got = *static_cast<volatile uint32_t*>(&words[i]);
    if (got != expected) {
      const uint32_t slot = atomicAdd(&status[0], 1u);
      if (slot < capacity) {
        status[2 + 3 * slot] = i;
        status[3 + 3 * slot] = expected;
        status[4 + 3 * slot] = got;
      }
    }
    if (write_complement) words[i] = ~expected;
  }
}

}  // namespace gpuprobe::cuda::device
