// copy: dst[i] = src[offset + i], VEC words at a time, same block access pattern as read.cu
// (consecutive threads move consecutive vectors at every step). The source is longer than
// the destination and `offset` (kit::window_offset_bytes of the launch key, in vectors)
// moves the window between launches, so the destination shows which launch wrote it last.
//
// `tally`: work-item 0 adds 1 per launch (kit::check_launch_tally).
//
// Template VEC = 1|2|4|8|16; `fault` (tests only, kit/fault.hpp): 1 = the last work-item
// skips its first vector, 2 = it stores nothing.
#pragma once

#include "device_common.cuh"

namespace gpuprobe::cuda::device {

template <int VEC>
__global__ void copy_bandwidth(const Words<VEC>* __restrict__ src, Words<VEC>* __restrict__ dst,
                               uint64_t vectors, uint64_t offset, uint32_t* __restrict__ tally,
                               uint32_t fault) {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (global_id() == 0) tally[0] += 1;
  const uint64_t lid = threadIdx.x;
  const uint64_t local_size = blockDim.x;
  const uint64_t block_size = local_size * kStreamItems;
  const uint64_t full_blocks = vectors / block_size;
  src += offset;
  const bool last_item = last_work_item();
  if (fault == kFaultSkipStore && last_item) return;
  bool skip = fault == kFaultSkipIteration && last_item;  // its first vector
  for (uint64_t block = blockIdx.x; block < full_blocks; block += gridDim.x) {
    const uint64_t first = block * block_size + lid;
#pragma unroll
    for (uint32_t s = 0; s < kStreamItems; ++s) {
      const uint64_t i = first + s * local_size;
      if (skip)
        skip = false;
      else
        dst[i] = src[i];
    }
  }
  for (uint64_t i = full_blocks * block_size + global_id(); i < vectors; i += global_size()) {
    if (skip)
      skip = false;
    else
      dst[i] = src[i];
  }
}

}  // namespace gpuprobe::cuda::device
