// matmul_naive and matmul_tiled (shaders/matmul_naive.comp, matmul_tiled.comp):
// C = alpha x A x B, row-major, alpha = kit::matmul_alpha(launch key), inputs from
// kit::fill_matmul_inputs (exact in fp16 and fp32), C poisoned with NaN before timing and
// checked with kit::check_matmul (every entry finite, every row and column sum, 64 entries).
// fp16 precision stores A and B as fp16 (the grid values convert exactly), converts them
// on load and accumulates and stores in fp32: 24 accumulator and 24 output bits.
#include <algorithm>
#include <cstring>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/precision.hpp"
#include "gpuprobe/reference.hpp"
#include "half.hpp"
#include "kernel_common.hpp"
#include "kit/checks.hpp"
#include "kit/sizes.hpp"
#include "spirv_modules.hpp"
#include "vk_buffer.hpp"
#include "vk_pipeline.hpp"

namespace gpuprobe::vk {
namespace {

// Significand bits of the shaders' accumulator and of C (fp32 in both variants).
constexpr int kAccumulatorBits = 24;
constexpr int kOutputBits = 24;

struct Push {
  uint32_t m, n, k;
  float alpha;
};

void check_precision(const PhysicalDevice& d, const gp_run_params& p) {
  if (p.precision == GP_PRECISION_FP16 && !(d.shader_float16 && d.storage_buffer_16bit))
    throw plugin::Error(GP_ERR_UNSUPPORTED,
                        "fp16 matmul needs shaderFloat16 and storageBuffer16BitAccess");
  if (precision_name(p.precision).empty())
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "unknown precision");
  if (p.precision != GP_PRECISION_FP32 && p.precision != GP_PRECISION_FP16)
    throw plugin::Error(GP_ERR_UNSUPPORTED, precision_unsupported_reason("Vulkan", p.precision));
}

gp_status run_matmul(KernelRun& run, bool tiled) {
  const bool half = run.params.precision == GP_PRECISION_FP16;
  // 0 = default shape: 1024^3 on a GPU; 256^3 on a CPU device, where naive would take seconds.
  const uint64_t fallback = default_invocations(run.physical(), 1024, 256);
  const uint64_t m = run.params.m ? run.params.m : fallback;
  const uint64_t n = run.params.n ? run.params.n : fallback;
  const uint64_t k = run.params.k ? run.params.k : fallback;
  const uint64_t input_bytes = half ? 2 : 4;
  const auto& limits = run.physical().properties.limits;
  // Before anything is allocated, in the words every backend uses (kit/sizes.hpp); the
  // host keeps fp32 copies of A and B and reads C back.
  const uint64_t buffer_limit = std::min<uint64_t>(limits.maxStorageBufferRange,
                                                   run.physical().max_memory_allocation_size
                                                       ? run.physical().max_memory_allocation_size
                                                       : limits.maxStorageBufferRange);
  kit::check_matmul_fits(m, n, k, input_bytes, 4,
                         {{buffer_limit, "maxStorageBufferRange / maxMemoryAllocationSize", true},
                          {run.physical().device_local_bytes(), "the device-local heap", false}});
  kit::check_matmul_fits(m, n, k, sizeof(float), sizeof(float),
                         {{kit::host_memory_bytes(), "host memory", false}});
  const struct {
    const char* name;
    uint64_t bytes;
  } matrices[] = {{"A", m * k * input_bytes}, {"B", k * n * input_bytes}, {"C", m * n * 4}};
  // Loop iterations per invocation: k (naive) or k / 16 (tiled, inner loops unrolled).
  const uint64_t k_iterations = tiled ? (k + 15) / 16 : k;
  if (k_iterations > run.physical().max_loop_iterations)
    return plugin::fail(GP_ERR_UNSUPPORTED,
                        "k = " + std::to_string(k) +
                            " needs more loop iterations per invocation than this driver runs (" +
                            std::to_string(run.physical().max_loop_iterations) + ")");
  const uint32_t block = tiled ? 64 : 16;  // C elements per workgroup along x and y
  const uint64_t groups_x = (n + block - 1) / block, groups_y = (m + block - 1) / block;
  if (groups_x > limits.maxComputeWorkGroupCount[0] ||
      groups_y > limits.maxComputeWorkGroupCount[1])
    return plugin::fail(GP_ERR_UNSUPPORTED,
                        "matrix shape needs more workgroups than one dispatch allows");

  // Inputs as the device sees them (fp16-rounded when half), for the host check.
  std::vector<float> a(m * k), b(k * n);
  kit::fill_matmul_inputs(a.data(), a.size(), run.params.seed);
  kit::fill_matmul_inputs(b.data(), b.size(), run.params.seed ^ 0x5bd1e995u);
  Buffer buffer_a(run.context, matrices[0].bytes, MemoryUse::DeviceLocal);
  Buffer buffer_b(run.context, matrices[1].bytes, MemoryUse::DeviceLocal);
  Buffer buffer_c(run.context, matrices[2].bytes, MemoryUse::DeviceLocal);
  auto upload = [&](const Buffer& buffer, std::vector<float>& values) {
    write_buffer(run.context, buffer, [&](void* p) {
      if (!half) {
        std::memcpy(p, values.data(), values.size() * sizeof(float));
        return;
      }
      auto* bits = static_cast<uint16_t*>(p);
      for (size_t i = 0; i < values.size(); ++i) {
        bits[i] = float_to_half(values[i]);
        values[i] = half_to_float(bits[i]);
      }
    });
  };
  upload(buffer_a, a);
  upload(buffer_b, b);

  const SpirvModule& module = tiled ? (half ? spirv::matmul_tiled_fp16 : spirv::matmul_tiled_fp32)
                                    : (half ? spirv::matmul_naive_fp16 : spirv::matmul_naive_fp32);
  const LaunchTally tally(run.context);
  const ComputeKernel kernel(run.context, module, {&buffer_a, &buffer_b, &buffer_c, &tally.word},
                             {}, sizeof(Push));
  BatchTimer timer(
      run.context,
      [&](VkCommandBuffer cmd, uint32_t key) {
        const Push push{static_cast<uint32_t>(m), static_cast<uint32_t>(n),
                        static_cast<uint32_t>(k), kit::matmul_alpha(key)};
        kernel.record(cmd, &push, static_cast<uint32_t>(groups_x), static_cast<uint32_t>(groups_y));
      },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  run.result.size_bytes = matrices[0].bytes + matrices[1].bytes + matrices[2].bytes;
  run.result.work_items = groups_x * groups_y * 256;
  run.result.work_per_iteration = 2.0 * double(m) * double(n) * double(k);
  if (half) plugin::append_note(&run.result, "fp16 inputs, fp32 accumulation");
  const auto poison = [&] {
    fill_words(run.context, buffer_c, kit::kPoisonFloatBits);
    tally.reset(run.context);
  };
  if (const gp_status s = collect(run, timer, poison); s != GP_OK) return s;

  kit::begin_checks(run.result);
  tally.check(run);
  read_buffer(run.context, buffer_c, [&](const void* p) {
    kit::check_matmul(run.result, a.data(), b.data(), static_cast<const float*>(p), m, n, k,
                      kit::matmul_alpha(run.ledger.last_key), kAccumulatorBits, kOutputBits,
                      run.params.seed);
  });
  return GP_OK;
}

}  // namespace

const KernelEntry kernel_MATMUL_NAIVE{check_precision,
                                      [](KernelRun& run) { return run_matmul(run, false); }};
const KernelEntry kernel_MATMUL_TILED{check_precision,
                                      [](KernelRun& run) { return run_matmul(run, true); }};

}  // namespace gpuprobe::vk
