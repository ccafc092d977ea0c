// compute_fp32 / fp64 / int32 / fp16 and register_bandwidth: independent multiply-add
// chains in registers on every pool thread (isa/compute_chains.inl), on the kit's exact
// chains (kit/checks.hpp): a = 1 passed at run time, b = exact_step(iterations), chain `id`
// of launch `key` starting at chain_start(id, key). Every step is exact, so every lane of
// every thread is checked for equality with chain_end: one skipped step is always seen.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "kernels.hpp"
#include "kit/checks.hpp"
#include "run_support.hpp"

namespace gpuprobe::cpu {
namespace {

// 2^17 iterations x 16 chains: a launch of about a millisecond at full speed, so the
// pool's dispatch cost is well under 1 % of it. b = exact_step(2^17) = 2^-17 keeps every
// value of a chain a multiple of 2^-17 in [-1, 1]: exact in fp32 and fp64.
constexpr uint32_t kIterations = uint32_t{1} << 17;
constexpr unsigned kChains = isa::kComputeChains;
// fp16 has 11 significand bits: a chain stays exact only with b >= 2^-10, i.e. 1024 steps.
// It runs 128 rounds of 1024 steps (as many FMAs as the others) and steps back by
// 1024 * b = 1 between rounds (one subtraction per 1024 FMAs, not counted), so each round
// ends where a single 1024-step chain ends, and a skipped step anywhere still shows.
constexpr uint32_t kFp16Iterations = 1024;
constexpr uint32_t kFp16Rounds = kIterations / kFp16Iterations;

// Launches chains on every pool thread and checks every lane of every thread. T: the
// lane sums' type; start(id, key): chain start; end(id, key): chain end value;
// chains(starts, steps, lane_sums): one thread's chains, `steps` per chain (or per round).
template <typename T, typename Start, typename End, typename Chains>
void run_chains(Context& context, const gp_run_params& params, gp_run_result& result,
                unsigned lanes, uint32_t steps, double multiply_adds_per_chain, T poison,
                Start start, End end, Chains chains) {
  const unsigned threads = context.pool.size();
  const uint64_t per_thread = uint64_t{kChains} * lanes;  // chains per thread
  auto chain_id = [&](unsigned t, unsigned c, unsigned l) {
    return t * per_thread + uint64_t{c} * lanes + l;
  };
  std::vector<T> sums(uint64_t{threads} * lanes, poison);
  std::vector<T> starts(threads * per_thread), dropped(lanes);
  const LastThreadFault fault = last_thread_fault();

  kit::Ledger ledger;
  LaunchTally tally;
  sample_launches(
      params, result, ledger,
      [&] {
        std::fill(sums.begin(), sums.end(), poison);
        tally.reset();
      },
      [&](uint32_t key) {
        context.pool.run(threads, [&](unsigned t, unsigned n) {
          tally.count(t);
          T* my_starts = starts.data() + t * per_thread;
          for (uint64_t i = 0; i < per_thread; ++i) my_starts[i] = start(t * per_thread + i, key);
          T* out = fault.skips_store(t, n) ? dropped.data() : sums.data() + t * lanes;
          chains(my_starts, steps - (fault.skips_iteration(t, n) ? 1 : 0), out);
        });
      });

  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.value, ledger, params);
  for (unsigned t = 0; t < threads && !kit::failed(result); ++t) {
    for (unsigned l = 0; l < lanes; ++l) {
      T want = 0;
      for (unsigned c = 0; c < kChains; ++c) want += end(chain_id(t, c, l), ledger.last_key);
      const T got = sums[t * lanes + l];
      if (got == want) continue;
      char text[160];
      std::snprintf(text, sizeof text, "thread %u lane %u: %.9g, expected %.9g", t, l,
                    static_cast<double>(got), static_cast<double>(want));
      kit::fail_check(result, text);
      break;
    }
  }
  const double multiply_adds = double(threads) * double(per_thread) * multiply_adds_per_chain;
  result.size_bytes = 0;
  result.work_items = uint64_t{threads} * lanes;  // SIMD lanes are the CPU's work-items
  // register_bandwidth: 3 x 4 bytes of register operands per FMA; compute: 2 ops per FMA
  result.work_per_iteration =
      (params.kernel == GP_KERNEL_REGISTER_BANDWIDTH ? 12.0 : 2.0) * multiply_adds;
}

void note_isa(gp_run_result& result, const isa::IsaKernels& k) {
  plugin::append_note(&result, std::string(k.name) + (k.fused_multiply_add
                                                          ? ", fused multiply-add"
                                                          : ", multiply + add (exact either way)"));
}

// a = 1 is a run-time value, so no compiler can fold the multiply away.
volatile float g_one_f = 1.0f;
volatile double g_one_d = 1.0;

// compute_fp32 and register_bandwidth.
void run_fp32(Context& context, const gp_run_params& params, gp_run_result& result) {
  const isa::IsaKernels& k = context.kernels;
  const float a = g_one_f, b = static_cast<float>(kit::exact_step(kIterations));
  note_isa(result, k);
  run_chains<float>(
      context, params, result, k.lanes_fp32, kIterations, kIterations, kit::poison_float(),
      [](uint64_t id, uint32_t key) { return static_cast<float>(kit::chain_start(id, key)); },
      [&](uint64_t id, uint32_t key) {
        return static_cast<float>(kit::chain_end(id, key, kIterations, b));
      },
      [&](const float* starts, uint32_t steps, float* out) {
        k.fp32_chains(steps, a, b, starts, out);
      });
}

void run_fp64(Context& context, const gp_run_params& params, gp_run_result& result) {
  const isa::IsaKernels& k = context.kernels;
  const double a = g_one_d, b = kit::exact_step(kIterations);
  note_isa(result, k);
  run_chains<double>(
      context, params, result, k.lanes_fp64, kIterations, kIterations, kit::poison_double(),
      [](uint64_t id, uint32_t key) { return kit::chain_start(id, key); },
      [&](uint64_t id, uint32_t key) { return kit::chain_end(id, key, kIterations, b); },
      [&](const double* starts, uint32_t steps, double* out) {
        k.fp64_chains(steps, a, b, starts, out);
      });
}

// int32: x = x * kIntMul + kIntAdd has full period 2^32, so every step changes the result;
// the end value comes from the closed form (kit::affine_power), the check is exact.
void run_int32(Context& context, const gp_run_params& params, gp_run_result& result) {
  const isa::IsaKernels& k = context.kernels;
  const kit::AffineU32 whole = kit::affine_power(kit::kIntMul, kit::kIntAdd, kIterations);
  plugin::append_note(&result, std::string(k.name) + ", 32-bit multiply + add");
  run_chains<uint32_t>(
      context, params, result, k.lanes_fp32, kIterations, kIterations, kit::kPoisonWord,
      [](uint64_t id, uint32_t key) { return kit::int_chain_start(id, key); },
      [&](uint64_t id, uint32_t key) { return whole.apply(kit::int_chain_start(id, key)); },
      [&](const uint32_t* starts, uint32_t steps, uint32_t* out) {
        k.int32_chains(steps, kit::kIntMul, kit::kIntAdd, starts, out);
      });
}

// fp16 (AVX512-FP16 only): half chains, sums returned as float (exact: multiples of 1/64
// below 16). See kFp16Rounds for the loop.
void run_fp16(Context& context, const gp_run_params& params, gp_run_result& result) {
  const isa::Fp16ChainsFn chains = context.fp16->chains;
  const float a = g_one_f, b = static_cast<float>(kit::exact_step(kFp16Iterations));
  const float back = b * kFp16Iterations;
  plugin::append_note(&result, "AVX512-FP16, fused multiply-add, " + std::to_string(kFp16Rounds) +
                                   " rounds of " + std::to_string(kFp16Iterations) +
                                   " exact steps");
  run_chains<float>(
      context, params, result, isa::kFp16Lanes, kFp16Iterations,
      double(kFp16Rounds) * kFp16Iterations, kit::poison_float(),
      [](uint64_t id, uint32_t key) { return static_cast<float>(kit::chain_start(id, key)); },
      [&](uint64_t id, uint32_t key) {
        return static_cast<float>(kit::chain_end(id, key, kFp16Iterations, b));
      },
      [&](const float* starts, uint32_t steps, float* out) {
        chains(kFp16Rounds, steps, a, b, back, starts, out);
      });
}

}  // namespace

const KernelEntry kernel_COMPUTE_FP32{&run_fp32};
const KernelEntry kernel_REGISTER_BANDWIDTH{&run_fp32};
const KernelEntry kernel_COMPUTE_FP64{&run_fp64};
const KernelEntry kernel_COMPUTE_INT32{&run_int32};
const KernelEntry kernel_COMPUTE_FP16{&run_fp16};

}  // namespace gpuprobe::cpu
