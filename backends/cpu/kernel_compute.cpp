// compute_fp32 / fp64 / int32 / fp16 and register_bandwidth: independent multiply-add
// chains in registers on every pool thread (isa/compute_chains.inl), checked against the
// same recurrence computed here on the host for two lanes of every thread.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "kernels.hpp"
#include "run_support.hpp"

namespace gpuprobe::cpu {
namespace {

// 2^17 iterations x 16 chains: a launch of about a millisecond at full speed, so the
// pool's dispatch cost is well under 1 % of it.
constexpr uint64_t kIterations = uint64_t{1} << 17;
constexpr unsigned kChains = isa::kComputeChains;

// x = x * a + b. For fp32/fp64, a = 1 - 2^-20 moves x only ~12 % of the way to the fixed
// point in one launch, so the result depends on every iteration: a kernel that did half
// of them fails the check. b comes from the seed at run time, so nothing folds at compile
// time. Start values (first + spacing * chain-lane index) are exact in every type.
template <typename T>
struct Recurrence {
  T a, b;
  T first(unsigned thread) const { return T(0.5) + T(thread) / 16; }
  T spacing() const { return std::ldexp(T(1), -12); }
};
template <typename T>
Recurrence<T> recurrence(uint32_t seed) {
  return {T(1) - std::ldexp(T(1), -20), std::ldexp(T(1) + T(seed & 15u) / 16, -12)};
}

// Host model of one lane: start values, `kIterations` steps, sum in chain order.
template <typename State, typename Sum, typename Start, typename Step>
Sum model_lane(unsigned lanes, unsigned lane, Start start, Step step) {
  Sum sum = 0;
  for (unsigned c = 0; c < kChains; ++c) {
    State x = start(c * lanes + lane);
    for (uint64_t i = 0; i < kIterations; ++i) x = step(x);
    sum += static_cast<Sum>(x);
  }
  return sum;
}

// Launch `chains(thread, lane_sums)` on every thread, then compare lanes 0 and lanes-1 of
// every thread with model(thread, lane), within `tolerance` relative.
template <typename T, typename Chains, typename Model>
gp_status run_chains(Context& context, const gp_run_params& params, gp_run_result& result,
                     unsigned lanes, double tolerance, Chains chains, Model model) {
  const unsigned threads = context.pool.size();
  std::vector<T> sums(uint64_t{threads} * lanes);
  const gp_status status = time_samples(params, result, [&] {
    context.pool.run(threads, [&](unsigned t, unsigned) { chains(t, sums.data() + t * lanes); });
  });
  if (status != GP_OK) return status;

  result.verification = GP_VERIFY_PASSED;
  for (unsigned t = 0; t < threads && result.verification == GP_VERIFY_PASSED; ++t) {
    for (unsigned lane : {0u, lanes - 1}) {
      const double expected = static_cast<double>(model(t, lane));
      const double got = static_cast<double>(sums[t * lanes + lane]);
      if (std::fabs(got - expected) <= tolerance * std::max(1.0, std::fabs(expected))) continue;
      result.verification = GP_VERIFY_FAILED;
      char text[160];
      std::snprintf(text, sizeof text, "thread %u lane %u: %.9g, expected %.9g", t, lane, got,
                    expected);
      plugin::append_note(&result, text);
      break;
    }
  }
  const double multiply_adds = double(threads) * lanes * kChains * double(kIterations);
  result.size_bytes = 0;
  result.work_items = uint64_t{threads} * lanes;  // SIMD lanes are the CPU's work-items
  // register_bandwidth: 3 x 4 bytes of register operands per FMA; compute: 2 ops per FMA
  result.work_per_iteration =
      (params.kernel == GP_KERNEL_REGISTER_BANDWIDTH ? 12.0 : 2.0) * multiply_adds;
  return GP_OK;
}

gp_status run_fp32(Context& context, const gp_run_params& params, gp_run_result& result) {
  const isa::IsaKernels& k = context.kernels;
  const Recurrence<float> r = recurrence<float>(params.seed);
  const bool fused = k.fused_multiply_add;
  plugin::append_note(&result,
                      std::string(k.name) + (fused ? ", fused multiply-add" : ", multiply + add"));
  return run_chains<float>(
      context, params, result, k.lanes_fp32, 1e-6,
      [&](unsigned t, float* out) {
        k.fp32_chains(kIterations, r.a, r.b, r.first(t), r.spacing(), out);
      },
      [&](unsigned t, unsigned lane) {
        return model_lane<float, float>(
            k.lanes_fp32, lane, [&](unsigned i) { return r.first(t) + r.spacing() * float(i); },
            [&](float x) { return fused ? std::fma(x, r.a, r.b) : x * r.a + r.b; });
      });
}

gp_status run_fp64(Context& context, const gp_run_params& params, gp_run_result& result) {
  const isa::IsaKernels& k = context.kernels;
  const Recurrence<double> r = recurrence<double>(params.seed);
  const bool fused = k.fused_multiply_add;
  plugin::append_note(&result,
                      std::string(k.name) + (fused ? ", fused multiply-add" : ", multiply + add"));
  return run_chains<double>(
      context, params, result, k.lanes_fp64, 1e-12,
      [&](unsigned t, double* out) {
        k.fp64_chains(kIterations, r.a, r.b, r.first(t), r.spacing(), out);
      },
      [&](unsigned t, unsigned lane) {
        return model_lane<double, double>(
            k.lanes_fp64, lane, [&](unsigned i) { return r.first(t) + r.spacing() * double(i); },
            [&](double x) { return fused ? std::fma(x, r.a, r.b) : x * r.a + r.b; });
      });
}

// int32: the LCG step x = x * 1664525 + b (b odd) has full period 2^32, so every
// iteration changes the result and the check is exact.
gp_status run_int32(Context& context, const gp_run_params& params, gp_run_result& result) {
  const isa::IsaKernels& k = context.kernels;
  const uint32_t a = 1664525u, b = 1013904223u + 2u * params.seed;
  const auto first = [&](unsigned t) { return params.seed + t * 0x9E3779B9u; };
  const uint32_t spacing = 0x61C88647u;
  plugin::append_note(&result, std::string(k.name) + ", 32-bit multiply + add");
  return run_chains<uint32_t>(
      context, params, result, k.lanes_fp32, 0.0,
      [&](unsigned t, uint32_t* out) { k.int32_chains(kIterations, a, b, first(t), spacing, out); },
      [&](unsigned t, unsigned lane) {
        return model_lane<uint32_t, uint32_t>(
            k.lanes_fp32, lane, [&](unsigned i) { return first(t) + spacing * i; },
            [&](uint32_t x) { return x * a + b; });
      });
}

// fp16 (AVX512-FP16 only): a = 1 - 2^-11 and b are exact halves. The host model does
// each FMA exactly in double (a product of two halves has 22 bits) and rounds once to
// half, which is what a fused half-precision FMA does. In half precision the chains reach
// a fixed point of the rounded recurrence within a few thousand steps, so this check
// proves correctly rounded fp16 arithmetic, not the iteration count.
gp_status run_fp16(Context& context, const gp_run_params& params, gp_run_result& result) {
  const isa::Fp16ChainsFn chains = context.fp16->chains;
  const float a = 1.0f - std::ldexp(1.0f, -11);
  const float b = std::ldexp(1.0f + float(params.seed & 15u) / 16, -11);
  const auto first = [](unsigned t) { return 0.5f + float(t) / 16; };
  const float spacing = std::ldexp(1.0f, -9);
  plugin::append_note(&result, "AVX512-FP16, fused multiply-add");
  return run_chains<float>(
      context, params, result, isa::kFp16Lanes, 1e-6,
      [&](unsigned t, float* out) { chains(kIterations, a, b, first(t), spacing, out); },
      [&](unsigned t, unsigned lane) {
        const auto ha = static_cast<_Float16>(a), hb = static_cast<_Float16>(b);
        return model_lane<_Float16, float>(
            isa::kFp16Lanes, lane,
            [&](unsigned i) { return static_cast<_Float16>(first(t) + spacing * float(i)); },
            [&](_Float16 x) { return static_cast<_Float16>(double(x) * double(ha) + double(hb)); });
      });
}

}  // namespace

gp_status run_compute(Context& context, const gp_run_params& params, gp_run_result& result) {
  switch (params.kernel) {
    case GP_KERNEL_COMPUTE_FP64:
      return run_fp64(context, params, result);
    case GP_KERNEL_COMPUTE_INT32:
      return run_int32(context, params, result);
    case GP_KERNEL_COMPUTE_FP16:
      return run_fp16(context, params, result);
    default:  // compute_fp32, register_bandwidth
      return run_fp32(context, params, result);
  }
}

}  // namespace gpuprobe::cpu
