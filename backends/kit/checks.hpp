// Verification recipes every backend shares, so "verified" proves the same work on every
// API (DESIGN.md, "Honest numbers"). The rules behind them:
//  - outputs are poisoned before the timed launches (kit::collect_samples calls poison());
//  - every launch has a key (kit::BatchPlan) mixed into what it writes, so the last
//    launch's output differs from any earlier launch's, and accumulating kernels (read
//    sums, the chase position) depend on every launch;
//  - compute chains and matmuls run on values where every step is exact, so the check is
//    an equality on every work-item, and one skipped iteration is always visible.
#pragma once

#include <cstdint>
#include <string>

#include "gpuprobe/plugin.h"
#include "kit/sampling.hpp"

namespace gpuprobe::kit {

// ---- verdicts -----------------------------------------------------------------------
// Start of a check: PASSED until a fail_check().
void begin_checks(gp_run_result& result);
// Records FAILED and why (the first failure's text goes into the note).
void fail_check(gp_run_result& result, const std::string& why);
inline bool failed(const gp_run_result& result) { return result.verification == GP_VERIFY_FAILED; }

// ---- poison -------------------------------------------------------------------------
// A word no kernel stores for the seeds used; NaN bits for float outputs (NaN never
// compares equal, so a float slot nobody wrote always fails).
inline constexpr uint32_t kPoisonWord = 0xDEADBEEFu;
inline constexpr uint32_t kPoisonFloatBits = 0x7FC0DEADu;
void poison_words(uint32_t* data, uint64_t count, uint32_t word = kPoisonWord);
float poison_float();
double poison_double();

// ---- launch tally -------------------------------------------------------------------------
// A kernel whose output each launch overwrites shows only the last launch's work; a launch
// left out before it would go unseen. So one work-item of every launch (global id 0, or
// the CPU's thread 0) adds 1 to a tally word, inside the kernel itself; poison() sets the
// tally to 0, and after the run it must equal the timed launches the figure counts
// (ledger.launches - params.warmup), plus `extra_launches` the backend issued on purpose
// beyond the plan since poison() (launch_gap's leading launch per batch). uint32 wraps
// like the device word. One store per launch: negligible next to any kernel's work.
void check_launch_tally(gp_run_result& result, uint32_t observed, const Ledger& ledger,
                        const gp_run_params& params, uint64_t extra_launches = 0);

// ---- streaming kernels ---------------------------------------------------------------
// write: launch `key` stores reference::write_pattern(write_seed(seed, key), i) at word i.
inline uint32_t write_seed(uint32_t seed, uint32_t key) { return seed ^ (key * 0x9E3779B9u); }
// copy and transfers read a window of their source that moves by kWindowShiftBytes on odd
// launches: the source holds size + kWindowShiftBytes bytes, and launch `key` copies from
// byte offset window_offset_bytes(key). 256 bytes keeps every offset aligned for any API.
inline constexpr uint64_t kWindowShiftBytes = 256;
inline uint64_t window_offset_bytes(uint32_t key) { return (key & 1u) ? kWindowShiftBytes : 0; }
// read / latency_hiding / local_bandwidth: each work-item ADDS its sum of the launch to its
// own slot (uint32, wrapping). Slots start at kPoisonWord; after `launches` launches the
// slots of `slots` work-items together hold slots * kPoisonWord + launches * per_launch.
uint32_t accumulated_total(uint64_t slots, uint64_t launches, uint32_t per_launch);

// Compares data[i] with expected(i) for every i < count; on the first mismatch fails the
// check with "<what> word i is X, expected Y". Returns true when all match.
template <typename Expected>
bool check_words(gp_run_result& result, const char* what, const uint32_t* data, uint64_t count,
                 Expected&& expected) {
  for (uint64_t i = 0; i < count; ++i) {
    const uint32_t want = expected(i);
    if (data[i] != want) {
      fail_check(result, std::string(what) + " word " + std::to_string(i) + " is " +
                             std::to_string(data[i]) + ", expected " + std::to_string(want));
      return false;
    }
  }
  return true;
}

// ---- compute chains --------------------------------------------------------------------
// Floating chains: x = fma(x, a, b) with a = 1 passed at run time (no compiler can fold
// it, the hardware still issues a full FMA) and b = exact_step(iterations), a power of two
// with iterations * b <= 1. Chain `id` of launch `key` starts at chain_start(id, key), a
// multiple of 1/64 in [-63/64, 0]; every step then adds b exactly in fp16, fp32 and fp64,
// there is no fixed point, and the end value is chain_start + iterations * b: a chain that
// skipped one step is off by exactly b.
double exact_step(uint32_t iterations);
inline double chain_start(uint64_t id, uint32_t key) {
  return -static_cast<double>((id + key) & 63u) / 64.0;
}
inline double chain_end(uint64_t id, uint32_t key, uint32_t iterations, double step) {
  return chain_start(id, key) + static_cast<double>(iterations) * step;
}
// int32 chains: x = x * kIntMul + kIntAdd (mod 2^32, full period), chain `id` of launch
// `key` starts at int_chain_start(id, key); int_chain_end uses the closed form.
inline constexpr uint32_t kIntMul = 1664525u;
inline constexpr uint32_t kIntAdd = 1013904223u;
inline uint32_t int_chain_start(uint64_t id, uint32_t key) {
  return static_cast<uint32_t>(id) * 0x9E3779B9u + key * 0x85EBCA6Bu;
}
// x_n = mul * x_0 + add for n steps of x = x * a + b (mod 2^32), in O(log n).
struct AffineU32 {
  uint32_t mul = 1, add = 0;
  uint32_t apply(uint32_t x) const { return x * mul + add; }
};
AffineU32 affine_power(uint32_t a, uint32_t b, uint64_t n);

// ---- matmul ------------------------------------------------------------------------------
// Inputs on a grid (4, 5, 6 or 7 eighths, random): exact in fp16, bf16, tf32 and fp32, every
// product a multiple of 1/64 below 1, so an fp32 accumulator sums up to 2^18 of them with
// no rounding in any order: C is exact, and the check below is an equality.
void fill_matmul_inputs(float* data, uint64_t count, uint32_t seed);
// C = alpha * A x B with alpha 1 on even launch keys and 2 on odd ones (a power of two:
// exact), so the last launch's C differs from the one before it.
inline float matmul_alpha(uint32_t key) { return (key & 1u) ? 2.0f : 1.0f; }

// Checks C (row-major m x n, as floats) = alpha * A (m x k) x B (k x n), where the device
// accumulates with `accumulator_bits` significand bits (24 for fp32, 11 for fp16) and
// stores C with `output_bits`. Where that arithmetic is exact for these inputs the
// tolerance is zero; otherwise it is the standard bound gamma_k * sum |a b| per entry plus
// the output rounding. Every entry is covered: all must be finite, every row sum and
// column sum must match (exact in double on the host, O(mk + kn + mn)), and `samples`
// random entries are compared one by one to name a bad one.
void check_matmul(gp_run_result& result, const float* a, const float* b, const float* c, uint64_t m,
                  uint64_t n, uint64_t k, float alpha, int accumulator_bits, int output_bits,
                  uint32_t seed, uint32_t samples = 64);

}  // namespace gpuprobe::kit
