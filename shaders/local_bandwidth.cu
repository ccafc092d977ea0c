// local_bandwidth: each thread block copies a tile of random words from global into shared
// memory once, then every thread reads WORDS words of the tile per repetition and adds them
// up, then ADDS its sum to its own slot of `out` (kit recipe: slots start poisoned and
// accumulate over launches). Counted: 4 bytes per word loaded from shared memory.
// Same as local_bandwidth.cl and local_bandwidth.comp (scalar words: a GPU's shared
// memory serves one 32-bit word per bank per cycle).
//
// Step w of a repetition reads tile[w*L + tid + shift], shift = rep % PAD: consecutive
// threads read consecutive words (no bank conflicts), and the shift changes every
// repetition, so the compiler cannot hoist the loads out of the repetition loop. The tile
// (dynamic shared memory) is PAD words longer than L*WORDS so shifted reads stay inside it.
//
// `fault` (tests only, kit/fault.hpp): 1 = the last thread skips its first repetition,
// 2 = it does not update its slot.
#pragma once

#include "device_common.cuh"

namespace gpuprobe::cuda::device {

constexpr uint32_t kLocalWords = 16;  // WORDS: shared loads per thread per repetition (even)
constexpr uint32_t kLocalPad = 64;    // PAD: a power of two

__global__ void local_bandwidth(const uint32_t* __restrict__ input, uint32_t reps,
                                uint32_t* __restrict__ out, uint32_t fault) {
  extern __shared__ uint32_t tile[];
  const uint32_t lid = threadIdx.x;
  const uint32_t local_size = blockDim.x;
  const uint32_t tile_words = local_size * kLocalWords + kLocalPad;
  const uint32_t* source = input + uint64_t{blockIdx.x} * tile_words;
  for (uint32_t i = lid; i < tile_words; i += local_size) tile[i] = source[i];
  __syncthreads();

  const bool last_item = last_work_item();
  uint32_t acc0 = 0, acc1 = 0;
  for (uint32_t r = (fault == kFaultSkipIteration && last_item) ? 1 : 0; r < reps; ++r) {
    const volatile uint32_t* row = tile + lid + (r & (kLocalPad - 1));
#pragma unroll
    for (uint32_t w = 0; w < kLocalWords; w += 2) {
      acc0 += row[w * local_size];
      acc1 += row[(w + 1) * local_size];
    }
  }
  if (fault == kFaultSkipStore && last_item) return;
  out[global_id()] += acc0 + acc1;
}

}  // namespace gpuprobe::cuda::device
