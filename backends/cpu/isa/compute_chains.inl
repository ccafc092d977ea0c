// Peak-compute chains for one register type V of scalar S (see isa_kernels.hpp for the
// contract). kComputeChains independent accumulators hide the FMA latency (4 cycles on
// current x86) on both FMA ports: 16 chains > 2 ports x 4 cycles. The update x = x*a + b
// becomes one FMA because the ISA units are built with -ffp-contract=fast; for int32 it is
// a multiply and an add (the classic LCG step), counted as 2 ops either way.
// Start values come from the host (kit::chain_start, exact in every type), so the recipe
// stays in the kit and no inline kit code is compiled for a wider ISA than its caller's.

#include "isa/vector_types.inl"

// GCC defines __FP_FAST_FMAF when the target has an FMA instruction, and only then can
// -ffp-contract=fast turn x * a + b into one.
#ifdef __FP_FAST_FMAF
constexpr bool kFusedMultiplyAdd = true;
#else
constexpr bool kFusedMultiplyAdd = false;
#endif

// `rounds` rounds of `iterations` steps x = x * a + b; between rounds every chain steps
// back by `back` (fp16 only: its chains must stay within [-1, 1] to stay exact).
template <typename V, typename S, typename Out>
GP_ALWAYS_INLINE void run_chains(uint64_t rounds, uint64_t iterations, S a, S b, S back,
                                 const Out* starts, Out* lane_sums) {
  constexpr unsigned kLanes = sizeof(V) / sizeof(S);
  V x[kComputeChains];
  for (unsigned c = 0; c < kComputeChains; ++c)
    for (unsigned l = 0; l < kLanes; ++l) x[c][l] = static_cast<S>(starts[c * kLanes + l]);
  const V av = V{} + a, bv = V{} + b;
  for (uint64_t r = 0; r < rounds; ++r) {
    if (r != 0) {
      for (unsigned c = 0; c < kComputeChains; ++c) x[c] -= back;
    }
    for (uint64_t it = 0; it < iterations; ++it) {
#pragma GCC unroll 16
      for (unsigned c = 0; c < kComputeChains; ++c) x[c] = x[c] * av + bv;
    }
  }
  for (unsigned l = 0; l < kLanes; ++l) {
    Out sum = 0;
    for (unsigned c = 0; c < kComputeChains; ++c) sum += static_cast<Out>(x[c][l]);
    lane_sums[l] = sum;
  }
}
