// pointer_chase: one thread follows a random cycle of 64-byte nodes (Sattolo), one
// dependent load per step: the address of each load is the value of the previous one, so
// nothing overlaps and the time per step is the load-to-use latency of whichever level of
// the memory hierarchy holds the working set. Word 0 of node i is the index of its
// successor. Same as pointer_chase.cl and pointer_chase.comp.
//
// The chase continues across launches (kit/chase.hpp): each launch starts at the node kept
// in `position` and stores where it stopped, so the final position proves every step of
// every launch.
//
// `fault` (tests only, kit/fault.hpp): 1 = one step fewer, 2 = the end position is not stored.
#pragma once

#include "device_common.cuh"

namespace gpuprobe::cuda::device {

__global__ void pointer_chase(const uint32_t* __restrict__ nodes, uint32_t steps,
                              uint32_t* __restrict__ position, uint32_t fault) {
  uint32_t node = position[0];
  if (fault == kFaultSkipIteration) steps -= 1;
  for (uint32_t s = 0; s < steps; ++s) node = nodes[uint64_t{node} * 16];
  if (fault == kFaultSkipStore) return;
  position[0] = node;
  position[1] += 1;  // launch tally (kit::check_chase_end): a lap back to node 0 is not a store
}

}  // namespace gpuprobe::cuda::device
