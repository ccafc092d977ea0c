// launch_latency (and launch_gap): the smallest useful kernel. It stores its launch's key
// (kit::BatchPlan) in one word, so the host can check that the last launch really ran, and
// adds 1 to the launch tally (kit::check_launch_tally), so every launch is proven.
// Same as launch_latency.cl and launch_latency.comp.
//
// `fault` (tests only, kit/fault.hpp): 2 = the key is not stored.
//
// queue_gate: not a benchmark kernel. It holds the stream until the host sets `open`
// (mapped pinned memory), so a batch's launches are all queued before the first starts and
// the device never waits for the host to enqueue the next one (OpenCL's QueueGate does the
// same with a user event). It gives up after `max_cycles` so a lost host cannot hang the
// device, and says so in `timed_out`.
#pragma once

#include "device_common.cuh"

namespace gpuprobe::cuda::device {

__global__ void launch_latency(uint32_t* __restrict__ marker, uint32_t key,
                               uint32_t* __restrict__ tally, uint32_t fault) {
  if (global_id() == 0) {
    tally[0] += 1;
    if (fault != kFaultSkipStore) marker[0] = key;
  }
}

__global__ void queue_gate(const volatile uint32_t* open, uint32_t* timed_out,
                           long long max_cycles) {
  const long long start = clock64();
  while (*open == 0) {
    if (clock64() - start > max_cycles) {
      *timed_out = 1;
      return;
    }
  }
}

}  // namespace gpuprobe::cuda::device
