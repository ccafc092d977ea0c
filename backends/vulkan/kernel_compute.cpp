// Peak arithmetic (compute_fp32/fp16/fp64/int32) and register_bandwidth (the fp32 kernel
// counted as register operand bytes). Shader: shaders/compute.comp, 16 independent chains
// x = x * a + b per invocation. The host replays the recurrence for a sample of
// invocations in the same order of operations.
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "half.hpp"
#include "kernel_common.hpp"
#include "spirv_modules.hpp"
#include "vk_buffer.hpp"
#include "vk_pipeline.hpp"

namespace gpuprobe::vk {
namespace {

constexpr uint32_t kChains = 16;  // must match shaders/compute.comp
// Steps per chain per launch: long enough that each invocation's setup and store vanish
// next to its 16 x 1024 multiply-adds.
constexpr uint32_t kIterations = 1024;
static_assert(kIterations % 8 == 0, "compute.comp runs 8 steps per loop iteration");
constexpr uint32_t kSampledInvocations = 257;

// a < 1 makes the float chains contract towards b / (1 - a) = 1, so values stay bounded
// and no denormals or infinities appear in any precision. Both are exact in fp16.
constexpr float kFloatA = 0.9375f;
constexpr float kFloatB = 0.0625f;
// Wrapping LCG constants for int32 (odd multiplier: a full-period sequence).
constexpr uint32_t kIntA = 1664525u;
constexpr uint32_t kIntB = 1013904223u;

enum class Type { Fp32, Fp16, Fp64, Int32 };

struct Push {
  uint32_t iterations;
  uint32_t invocations;
  uint32_t a_bits;
  uint32_t b_bits;
};

double start_value(uint64_t id, uint32_t chain) { return double((id + chain) & 63u) * 0.015625; }

// Replays one invocation on the host; the device's result must match this.
double expected_float(Type type, uint64_t id) {
  double x[kChains];
  for (uint32_t c = 0; c < kChains; ++c) x[c] = start_value(id, c);
  for (uint32_t i = 0; i < kIterations; ++i) {
    for (uint32_t c = 0; c < kChains; ++c) {
      if (type == Type::Fp64)
        x[c] = std::fma(x[c], double(kFloatA), double(kFloatB));
      else if (type == Type::Fp32)
        x[c] = std::fma(float(x[c]), kFloatA, kFloatB);
      else  // fp16: exact fused result rounded once to half
        x[c] = round_to_half(std::fma(float(x[c]), kFloatA, kFloatB));
    }
  }
  // Same summation tree as the shader: vectors (x0+x1)+(x2+x3), then (s.x+s.y)+(s.z+s.w).
  auto add = [type](double p, double q) {
    if (type == Type::Fp32) return double(float(p) + float(q));
    if (type == Type::Fp16) return double(round_to_half(float(p) + float(q)));
    return p + q;
  };
  double s[4];
  for (uint32_t lane = 0; lane < 4; ++lane)
    s[lane] = add(add(x[lane], x[4 + lane]), add(x[8 + lane], x[12 + lane]));
  return add(add(s[0], s[1]), add(s[2], s[3]));
}

uint32_t expected_int(uint64_t id) {
  uint32_t x[kChains];
  for (uint32_t c = 0; c < kChains; ++c) x[c] = static_cast<uint32_t>(id) + c;
  for (uint32_t i = 0; i < kIterations; ++i)
    for (uint32_t c = 0; c < kChains; ++c) x[c] = x[c] * kIntA + kIntB;
  uint32_t sum = 0;
  for (uint32_t c = 0; c < kChains; ++c) sum += x[c];
  return sum;
}

double tolerance(Type type) {
  switch (type) {
    case Type::Fp16:
      return 1e-2;
    case Type::Fp32:
      return 1e-5;
    default:
      return 1e-12;
  }
}

}  // namespace

gp_status run_compute(KernelRun& run) {
  Type type = Type::Fp32;
  const SpirvModule* module = &spirv::compute_fp32;
  switch (run.params.kernel) {
    case GP_KERNEL_COMPUTE_FP16:
      type = Type::Fp16;
      module = &spirv::compute_fp16;
      break;
    case GP_KERNEL_COMPUTE_FP64:
      type = Type::Fp64;
      module = &spirv::compute_fp64;
      break;
    case GP_KERNEL_COMPUTE_INT32:
      type = Type::Int32;
      module = &spirv::compute_int32;
      break;
    default:
      break;  // compute_fp32, register_bandwidth
  }
  const uint32_t group_size = workgroup_size(run.physical());
  uint64_t invocations = run.params.work_items;
  if (invocations == 0)
    invocations = default_invocations(run.physical(), uint64_t{1} << 20, uint64_t{1} << 14);
  invocations = clamp_invocations(run, invocations, group_size);
  const uint32_t groups = static_cast<uint32_t>((invocations + group_size - 1) / group_size);
  const size_t result_bytes = type == Type::Fp64 ? sizeof(double) : sizeof(uint32_t);

  Buffer results(run.context, invocations * result_bytes, MemoryUse::DeviceLocal);
  const ComputeKernel kernel(run.context, *module, {&results}, {group_size}, sizeof(Push));
  Push push{kIterations, static_cast<uint32_t>(invocations), 0, 0};
  if (type == Type::Int32) {
    push.a_bits = kIntA;
    push.b_bits = kIntB;
  } else {
    push.a_bits = std::bit_cast<uint32_t>(kFloatA);
    push.b_bits = std::bit_cast<uint32_t>(kFloatB);
  }
  BatchTimer timer(
      run.context, [&](VkCommandBuffer cmd) { kernel.record(cmd, &push, groups); },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  const double fmas = double(invocations) * kChains * kIterations;
  run.result.size_bytes = 0;
  run.result.work_items = invocations;
  // register_bandwidth: two sources + accumulator, 4 bytes each, per FMA; else 2 ops per FMA.
  run.result.work_per_iteration =
      run.params.kernel == GP_KERNEL_REGISTER_BANDWIDTH ? 12.0 * fmas : 2.0 * fmas;
  if (const gp_status s = collect(run, timer); s != GP_OK) return s;

  std::string mismatch;
  read_buffer(run.context, results, [&](const void* p) {
    for (uint32_t s = 0; s < kSampledInvocations && mismatch.empty(); ++s) {
      // Evenly spread samples, always including the first and the last invocation.
      const uint64_t id = (invocations - 1) * s / (kSampledInvocations - 1);
      double got = 0, expected = 0;
      if (type == Type::Int32) {
        uint32_t word = 0;
        std::memcpy(&word, static_cast<const char*>(p) + id * 4, 4);
        const uint32_t want = expected_int(id);
        if (word != want)
          mismatch = "invocation " + std::to_string(id) + " gave " + std::to_string(word) +
                     ", expected " + std::to_string(want);
        continue;
      }
      if (type == Type::Fp64) {
        std::memcpy(&got, static_cast<const char*>(p) + id * 8, 8);
      } else {
        float f = 0;
        std::memcpy(&f, static_cast<const char*>(p) + id * 4, 4);
        got = f;
      }
      expected = expected_float(type, id);
      if (!(std::fabs(got - expected) <= tolerance(type) * std::max(1.0, std::fabs(expected))))
        mismatch = "invocation " + std::to_string(id) + " gave " + std::to_string(got) +
                   ", expected " + std::to_string(expected);
    }
  });
  if (mismatch.empty())
    verification_passed(run);
  else
    verification_failed(run, mismatch);
  return GP_OK;
}

}  // namespace gpuprobe::vk
