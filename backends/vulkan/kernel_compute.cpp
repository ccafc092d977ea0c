// Peak arithmetic (compute_fp32/fp16/fp64/int32) and register_bandwidth (the fp32 kernel
// counted as register operand bytes). Shader: shaders/compute.comp, 16 independent chains
// x = x * a + b per invocation on the kit's exact chains (backends/kit/checks.hpp): floats
// with a = 1 and b = kit::exact_step(iterations) from kit::chain_start(chain, key), int32
// with kit::kIntMul / kIntAdd from kit::int_chain_start. Every step is exact, so the host
// checks EVERY invocation for equality, and one skipped step is always visible.
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "kernel_common.hpp"
#include "kit/checks.hpp"
#include "spirv_modules.hpp"
#include "vk_buffer.hpp"
#include "vk_pipeline.hpp"

namespace gpuprobe::vk {
namespace {

constexpr uint32_t kChains = 16;  // must match shaders/compute.comp
// Steps per chain per launch: long enough that each invocation's setup and store vanish
// next to its 16 x 1024 multiply-adds, and at most 1024 so fp16 chains stay exact.
constexpr uint32_t kIterations = 1024;
static_assert(kIterations % 8 == 0, "compute.comp runs 8 steps per loop iteration");

enum class Type { Fp32, Fp16, Fp64, Int32 };

struct Push {
  uint32_t iterations;
  uint32_t invocations;
  uint32_t a_bits;
  uint32_t b_bits;
  uint32_t key;
};

// What invocation `id` of launch `key` stores: the sum of its chains' end values. Every
// value on the way is a multiple of 1/1024 below 16 in magnitude, exact in fp16 too, so
// the order of the sum does not matter.
double expected_float(uint64_t id, uint32_t key, double step) {
  double sum = 0;
  for (uint32_t c = 0; c < kChains; ++c)
    sum += kit::chain_end(id * kChains + c, key, kIterations, step);
  return sum;
}

uint32_t expected_int(uint64_t id, uint32_t key, const kit::AffineU32& chain) {
  uint32_t sum = 0;
  for (uint32_t c = 0; c < kChains; ++c)
    sum += chain.apply(kit::int_chain_start(id * kChains + c, key));
  return sum;
}

gp_status run_compute(KernelRun& run, Type type, const SpirvModule& module) {
  const uint32_t group_size = workgroup_size(run.physical());
  uint64_t invocations = run.params.work_items;
  if (invocations == 0)
    invocations = default_invocations(run.physical(), uint64_t{1} << 20, uint64_t{1} << 14);
  invocations = clamp_invocations(run, invocations, group_size);
  const uint32_t groups = static_cast<uint32_t>((invocations + group_size - 1) / group_size);
  const size_t result_bytes = type == Type::Fp64 ? sizeof(double) : sizeof(uint32_t);

  Buffer results(run.context, invocations * result_bytes, MemoryUse::DeviceLocal);
  const LaunchTally tally(run.context);
  const ComputeKernel kernel(run.context, module, {&results, &tally.word}, {group_size},
                             sizeof(Push));
  const double step = kit::exact_step(kIterations);
  Push push{kIterations, static_cast<uint32_t>(invocations), 0, 0, 0};
  if (type == Type::Int32) {
    push.a_bits = kit::kIntMul;
    push.b_bits = kit::kIntAdd;
  } else {
    // a = 1 at run time: no compiler can fold it, the hardware still issues a full FMA.
    push.a_bits = std::bit_cast<uint32_t>(1.0f);
    push.b_bits = std::bit_cast<uint32_t>(static_cast<float>(step));
  }
  BatchTimer timer(
      run.context,
      [&](VkCommandBuffer cmd, uint32_t key) {
        Push keyed = push;
        keyed.key = key;
        kernel.record(cmd, &keyed, groups);
      },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  const double fmas = double(invocations) * kChains * kIterations;
  run.result.size_bytes = 0;
  run.result.work_items = invocations;
  // register_bandwidth: two sources + accumulator, 4 bytes each, per FMA; else 2 ops per FMA.
  run.result.work_per_iteration =
      run.params.kernel == GP_KERNEL_REGISTER_BANDWIDTH ? 12.0 * fmas : 2.0 * fmas;
  // Integer results: a word no chain sum is expected to be; float results: NaN bits.
  const uint32_t poison_word = type == Type::Int32 ? kit::kPoisonWord : kit::kPoisonFloatBits;
  const auto poison = [&] {
    fill_words(run.context, results, poison_word);
    tally.reset(run.context);
  };
  if (const gp_status s = collect(run, timer, poison); s != GP_OK) return s;

  const uint32_t key = run.ledger.last_key;
  const kit::AffineU32 chain = kit::affine_power(kit::kIntMul, kit::kIntAdd, kIterations);
  kit::begin_checks(run.result);
  tally.check(run);
  read_buffer(run.context, results, [&](const void* p) {
    const auto* bytes = static_cast<const char*>(p);
    for (uint64_t id = 0; id < invocations; ++id) {
      if (type == Type::Int32) {
        uint32_t got = 0;
        std::memcpy(&got, bytes + id * 4, 4);
        const uint32_t want = expected_int(id, key, chain);
        if (got != want) {
          kit::fail_check(run.result, "invocation " + std::to_string(id) + " gave " +
                                          std::to_string(got) + ", expected " +
                                          std::to_string(want));
          return;
        }
        continue;
      }
      double got = 0;
      if (type == Type::Fp64) {
        std::memcpy(&got, bytes + id * 8, 8);
      } else {
        float f = 0;
        std::memcpy(&f, bytes + id * 4, 4);
        got = f;
      }
      const double want = expected_float(id, key, step);
      if (!(got == want)) {
        kit::fail_check(run.result, "invocation " + std::to_string(id) + " gave " +
                                        std::to_string(got) + ", expected " + std::to_string(want) +
                                        " exactly");
        return;
      }
    }
  });
  return GP_OK;
}

void check_fp16(const PhysicalDevice& d, const gp_run_params&) {
  if (!d.shader_float16)
    throw plugin::Error(GP_ERR_UNSUPPORTED, "no fp16 arithmetic on this device (shaderFloat16)");
}

void check_fp64(const PhysicalDevice& d, const gp_run_params&) {
  if (d.features.shaderFloat64 != VK_TRUE)
    throw plugin::Error(GP_ERR_UNSUPPORTED, "no fp64 arithmetic on this device (shaderFloat64)");
}

}  // namespace

const KernelEntry kernel_COMPUTE_FP32{
    nullptr, [](KernelRun& run) { return run_compute(run, Type::Fp32, spirv::compute_fp32); }};
const KernelEntry kernel_REGISTER_BANDWIDTH{
    nullptr, [](KernelRun& run) { return run_compute(run, Type::Fp32, spirv::compute_fp32); }};
const KernelEntry kernel_COMPUTE_FP16{
    check_fp16, [](KernelRun& run) { return run_compute(run, Type::Fp16, spirv::compute_fp16); }};
const KernelEntry kernel_COMPUTE_FP64{
    check_fp64, [](KernelRun& run) { return run_compute(run, Type::Fp64, spirv::compute_fp64); }};
const KernelEntry kernel_COMPUTE_INT32{
    nullptr, [](KernelRun& run) { return run_compute(run, Type::Int32, spirv::compute_int32); }};

}  // namespace gpuprobe::vk
