// read: every work-item sums uint words of the buffer (VEC at a time, uint32 wrap-around)
// and ADDS its sum to its own slot of `partial` (kit recipe: slots start poisoned, and after
// L launches they hold slots x poison + L x the reference sum), so a skipped element, a
// skipped store or a launch that never ran is caught. Same as read.cl and read.comp.
//
// Access pattern: the buffer is cut into blocks of (block size x ITEMS) vectors and the
// thread blocks take blocks in turn (block = blockIdx, blockIdx + gridDim, ...). Inside a
// block, step s reads vector s*L + threadIdx, so consecutive threads read consecutive
// vectors at every step: coalesced.
//
// Template VEC = 1|2|4|8|16 words per load; `fault` (tests only, kit/fault.hpp): 1 = the
// last work-item skips its first vector, 2 = it does not update its slot.
#pragma once

#include "device_common.cuh"

namespace gpuprobe::cuda::device {

template <int VEC>
__global__ void read_bandwidth(const Words<VEC>* __restrict__ data, uint64_t vectors,
                               uint32_t* __restrict__ partial, uint32_t fault) {
  const uint64_t lid = threadIdx.x;
  const uint64_t local_size = blockDim.x;
  const uint64_t block_size = local_size * kStreamItems;
  const uint64_t full_blocks = vectors / block_size;
  const bool last_item = last_work_item();
  bool skip = fault == kFaultSkipIteration && last_item;  // the first vector it would add
  Words<VEC> acc{};
  for (uint64_t block = blockIdx.x; block < full_blocks; block += gridDim.x) {
    const Words<VEC>* base = data + block * block_size + lid;
#pragma unroll
    for (uint32_t s = 0; s < kStreamItems; ++s) {
      const Words<VEC> v = base[s * local_size];
      if (skip)
        skip = false;
      else
        add_words(acc, v);
    }
  }
  // Tail shorter than one block: spread over all work-items, bounds-checked.
  for (uint64_t i = full_blocks * block_size + global_id(); i < vectors; i += global_size()) {
    const Words<VEC> v = data[i];
    if (skip)
      skip = false;
    else
      add_words(acc, v);
  }
  if (fault == kFaultSkipStore && last_item) return;
  partial[global_id()] += lane_sum(acc);
}

}  // namespace gpuprobe::cuda::device
