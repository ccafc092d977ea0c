// write: word i := i * 2654435761 ^ seed (reference::write_pattern), VEC words per store.
// The host passes seed = kit::write_seed(run seed, launch key), so every launch stores a
// different pattern and the check (every word against the last launch's pattern) sees
// whether the last launch really stored everything. Same block access pattern as read.cu.
//
// `tally`: work-item 0 adds 1 per launch (kit::check_launch_tally): the check sees every
// launch, not only the last one's pattern.
//
// Template VEC = 1|2|4|8|16; `fault` (tests only, kit/fault.hpp): 1 = the last work-item
// skips its first store, 2 = it stores nothing.
#pragma once

#include "device_common.cuh"

namespace gpuprobe::cuda::device {

template <int VEC>
__device__ __forceinline__ Words<VEC> write_pattern(uint64_t vector_index, uint32_t seed) {
  Words<VEC> v;
  // uint32 arithmetic wraps exactly like the host's uint32_t(index) * 2654435761u.
  const uint32_t first = static_cast<uint32_t>(vector_index * VEC);
#pragma unroll
  for (int l = 0; l < VEC; ++l) v.w[l] = ((first + l) * 2654435761u) ^ seed;
  return v;
}

template <int VEC>
__global__ void write_bandwidth(Words<VEC>* __restrict__ data, uint64_t vectors, uint32_t seed,
                                uint32_t* __restrict__ tally, uint32_t fault) {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (global_id() == 0) tally[0] += 1;
  const uint64_t lid = threadIdx.x;
  const uint64_t local_size = blockDim.x;
  const uint64_t block_size = local_size * kStreamItems;
  const uint64_t full_blocks = vectors / block_size;
  const bool last_item = last_work_item();
  if (fault == kFaultSkipStore && last_item) return;
  bool skip = fault == kFaultSkipIteration && last_item;  // its first store
  for (uint64_t block = blockIdx.x; block < full_blocks; block += gridDim.x) {
    const uint64_t first = block * block_size + lid;
#pragma unroll
    for (uint32_t s = 0; s < kStreamItems; ++s) {
      const uint64_t i = first + s * local_size;
      if (skip)
        skip = false;
      else
        data[i] = write_pattern<VEC>(i, seed);
    }
  }
  for (uint64_t i = full_blocks * block_size + global_id(); i < vectors; i += global_size()) {
    if (skip)
      skip = false;
    else
      data[i] = write_pattern<VEC>(i, seed);
  }
}

}  // namespace gpuprobe::cuda::device
