// compute: CHAINS independent multiply-add chains per thread, each of VEC lanes,
// x = x * a + b repeated `iterations` times with a and b kernel arguments (nothing folds at
// compile time; the hardware issues a full FMA even though a is 1). Every chain's final
// value is summed and stored, so none can be dropped. Same as compute.cl and compute.comp.
// Counted: 2 operations per multiply-add, CHAINS * VEC * iterations per thread.
//
// Exact chains (kit/checks.hpp), so the host checks EVERY thread with an equality; the chain
// id of chain c, lane l of thread gid is gid + stride * (c * VEC + l) (compute.cl explains
// why not consecutive ids), `key` is the launch's key, `tally` gets 1 per launch:
//  - float, double: a = 1, b = kit::exact_step(iterations), start = -((id + key) & 63) / 64;
//  - half: two lanes in a __half2 (HFMA2, the rate fp16 runs at on NVIDIA), the sum in float;
//  - uint: a = kit::kIntMul, b = kit::kIntAdd, start = id * 0x9E3779B9 + key * 0x85EBCA6B,
//    wrapping mod 2^32.
//
// `fault` (tests only, kit/fault.hpp): 1 = the last thread runs one iteration fewer,
// 2 = it stores nothing.
#pragma once

#include <cuda_fp16.h>

#include "device_common.cuh"

namespace gpuprobe::cuda::device {

constexpr uint32_t kComputeChains = 16;

// kit::chain_start for chain id `id` (uint32 ids wrap like the host's), as a float.
__device__ __forceinline__ float chain_start(uint32_t id, uint32_t key) {
  return static_cast<float>((id + key) & 63u) * -0.015625f;
}
__device__ __forceinline__ uint32_t chain_id(uint32_t c, uint32_t vec, uint32_t lane,
                                             uint32_t stride, uint64_t gid) {
  return (c * vec + lane) * stride + static_cast<uint32_t>(gid);
}

struct ComputeFp32 {
  using T = float;
  using Acc = float;
  static constexpr uint32_t kVec = 1;
  __device__ static T start(uint32_t c, uint32_t stride, uint64_t gid, uint32_t key) {
    return chain_start(chain_id(c, kVec, 0, stride, gid), key);
  }
  __device__ static T madd(T x, T a, T b) { return fmaf(x, a, b); }
  __device__ static Acc lanes(T x) { return x; }
};

struct ComputeFp64 {
  using T = double;
  using Acc = double;
  static constexpr uint32_t kVec = 1;
  __device__ static T start(uint32_t c, uint32_t stride, uint64_t gid, uint32_t key) {
    return chain_start(chain_id(c, kVec, 0, stride, gid), key);
  }
  __device__ static T madd(T x, T a, T b) { return fma(x, a, b); }
  __device__ static Acc lanes(T x) { return x; }
};

struct ComputeFp16 {
  using T = __half2;
  using Acc = float;
  static constexpr uint32_t kVec = 2;
  __device__ static T start(uint32_t c, uint32_t stride, uint64_t gid, uint32_t key) {
    return __floats2half2_rn(chain_start(chain_id(c, kVec, 0, stride, gid), key),
                             chain_start(chain_id(c, kVec, 1, stride, gid), key));
  }
  __device__ static T madd(T x, T a, T b) { return __hfma2(x, a, b); }
  __device__ static Acc lanes(T x) { return __low2float(x) + __high2float(x); }
};

struct ComputeInt32 {
  using T = uint32_t;
  using Acc = uint32_t;
  static constexpr uint32_t kVec = 1;
  __device__ static T start(uint32_t c, uint32_t stride, uint64_t gid, uint32_t key) {
    return chain_id(c, kVec, 0, stride, gid) * 0x9E3779B9u + key * 0x85EBCA6Bu;
  }
  __device__ static T madd(T x, T a, T b) { return x * a + b; }
  __device__ static Acc lanes(T x) { return x; }
};

template <typename Op>
__global__ void compute(typename Op::Acc* __restrict__ out, typename Op::T a, typename Op::T b,
                        uint32_t iterations, uint32_t key, uint32_t stride,
                        uint32_t* __restrict__ tally, uint32_t fault) {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  const uint64_t gid = global_id();
  if (gid == 0) tally[0] += 1;
  const bool last_item = last_work_item();
  if (fault == kFaultSkipIteration && last_item) iterations -= 1;
  typename Op::T x[kComputeChains];
#pragma unroll
  for (uint32_t c = 0; c < kComputeChains; ++c) x[c] = Op::start(c, stride, gid, key);
  for (uint32_t i = 0; i < iterations; ++i) {
#pragma unroll
    for (uint32_t c = 0; c < kComputeChains; ++c) x[c] = Op::madd(x[c], a, b);
  }
  typename Op::Acc total = Op::lanes(x[0]);
#pragma unroll
  for (uint32_t c = 1; c < kComputeChains; ++c) total += Op::lanes(x[c]);
  if (fault == kFaultSkipStore && last_item) return;
  out[gid] = total;
}

}  // namespace gpuprobe::cuda::device
