// matmul_tensor on Vulkan: shaders/matmul_tensor.comp through VK_KHR_cooperative_matrix,
// fp16 A and B, fp32 accumulate and C. Runs only where the device lists the extension, its
// feature and a subgroup fp16 x fp16 + fp32 -> fp32 shape; lavapipe has none of these.
//
// The shader has no edge handling: A, B and C are padded to whole tiles with zeros (exact,
// they add nothing), and the host compacts C's m x n corner for kit::check_matmul. The
// inputs (kit::fill_matmul_inputs) are exact in fp16 and every sum is exact in fp32, so
// the check is an equality, as for the other matmuls.
#include <cstring>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/precision.hpp"
#include "half.hpp"
#include "kernel_common.hpp"
#include "kit/checks.hpp"
#include "kit/sizes.hpp"
#include "spirv_modules.hpp"
#include "vk_buffer.hpp"
#include "vk_pipeline.hpp"

namespace gpuprobe::vk {
namespace {

#ifdef GPUPROBE_VULKAN_COOPERATIVE_MATRIX
constexpr bool kShaderInBuild = true;
#else
constexpr bool kShaderInBuild = false;
#endif

void check_tensor(const PhysicalDevice& d, const gp_run_params& p) {
  const std::string reason =
      cooperative_matrix_reason(d.cooperative_matrix, d.properties.deviceName, kShaderInBuild);
  if (!reason.empty()) throw plugin::Error(GP_ERR_UNSUPPORTED, reason);
  if (p.precision != GP_PRECISION_FP16)
    throw plugin::Error(GP_ERR_UNSUPPORTED, "matmul_tensor takes fp16 inputs only (asked for " +
                                                std::string(precision_name(p.precision)) + ")");
  if (!(d.shader_float16 && d.storage_buffer_16bit))
    throw plugin::Error(GP_ERR_UNSUPPORTED,
                        "matmul_tensor needs shaderFloat16 and storageBuffer16BitAccess");
}

#ifdef GPUPROBE_VULKAN_COOPERATIVE_MATRIX
uint64_t round_up(uint64_t v, uint64_t multiple) {
  return (v + multiple - 1) / multiple * multiple;
}

struct Push {
  uint32_t m, n, k;  // padded
  float alpha;
};

// Row-major rows x cols values into a zero-padded padded_rows x padded_cols fp16 buffer.
void upload_padded(Context& context, const Buffer& buffer, const std::vector<float>& values,
                   uint64_t rows, uint64_t cols, uint64_t padded_rows, uint64_t padded_cols) {
  write_buffer(context, buffer, [&](void* p) {
    auto* bits = static_cast<uint16_t*>(p);
    std::memset(bits, 0, padded_rows * padded_cols * sizeof(uint16_t));
    for (uint64_t r = 0; r < rows; ++r)
      for (uint64_t c = 0; c < cols; ++c)
        bits[r * padded_cols + c] = float_to_half(values[r * cols + c]);
  });
}

gp_status run_tensor(KernelRun& run) {
  const CooperativeMatrixShape tile = *run.physical().cooperative_matrix.fp16_fp32;
  const uint64_t fallback = default_invocations(run.physical(), 1024, 256);
  const uint64_t m = run.params.m ? run.params.m : fallback;
  const uint64_t n = run.params.n ? run.params.n : fallback;
  const uint64_t k = run.params.k ? run.params.k : fallback;
  const uint64_t pm = round_up(m, tile.m), pn = round_up(n, tile.n), pk = round_up(k, tile.k);
  const auto& limits = run.physical().properties.limits;
  const uint64_t buffer_limit = std::min<uint64_t>(limits.maxStorageBufferRange,
                                                   run.physical().max_memory_allocation_size
                                                       ? run.physical().max_memory_allocation_size
                                                       : limits.maxStorageBufferRange);
  kit::check_matmul_fits(pm, pn, pk, 2, 4,
                         {{buffer_limit, "maxStorageBufferRange / maxMemoryAllocationSize", true},
                          {run.physical().device_local_bytes(), "the device-local heap", false}});
  kit::check_matmul_fits(m, n, k, sizeof(float), sizeof(float),
                         {{kit::host_memory_bytes(), "host memory", false}});
  const uint64_t groups_x = pn / tile.n, groups_y = pm / tile.m;
  if (groups_x > limits.maxComputeWorkGroupCount[0] ||
      groups_y > limits.maxComputeWorkGroupCount[1])
    return plugin::fail(GP_ERR_UNSUPPORTED,
                        "matrix shape needs more workgroups than one dispatch allows");

  std::vector<float> a(m * k), b(k * n);
  kit::fill_matmul_inputs(a.data(), a.size(), run.params.seed);
  kit::fill_matmul_inputs(b.data(), b.size(), run.params.seed ^ 0x5bd1e995u);
  Buffer buffer_a(run.context, pm * pk * 2, MemoryUse::DeviceLocal);
  Buffer buffer_b(run.context, pk * pn * 2, MemoryUse::DeviceLocal);
  Buffer buffer_c(run.context, pm * pn * 4, MemoryUse::DeviceLocal);
  upload_padded(run.context, buffer_a, a, m, k, pm, pk);
  upload_padded(run.context, buffer_b, b, k, n, pk, pn);

  const uint32_t subgroup = run.physical().subgroup.subgroupSize;
  const LaunchTally tally(run.context);
  const ComputeKernel kernel(run.context, spirv::matmul_tensor,
                             {&buffer_a, &buffer_b, &buffer_c, &tally.word},
                             {tile.m, tile.n, tile.k, subgroup}, sizeof(Push));
  BatchTimer timer(
      run.context,
      [&](VkCommandBuffer cmd, uint32_t key) {
        const Push push{static_cast<uint32_t>(pm), static_cast<uint32_t>(pn),
                        static_cast<uint32_t>(pk), kit::matmul_alpha(key)};
        kernel.record(cmd, &push, static_cast<uint32_t>(groups_x), static_cast<uint32_t>(groups_y));
      },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  run.result.size_bytes = (pm * pk + pk * pn) * 2 + pm * pn * 4;
  run.result.work_items = groups_x * groups_y * subgroup;
  // The figure counts the asked shape; padding is work the device does on top.
  run.result.work_per_iteration = 2.0 * double(m) * double(n) * double(k);
  plugin::append_note(&run.result, "cooperative matrix " + std::to_string(tile.m) + "x" +
                                       std::to_string(tile.n) + "x" + std::to_string(tile.k) +
                                       ", fp16 inputs, fp32 accumulation");
  const auto poison = [&] {
    fill_words(run.context, buffer_c, kit::kPoisonFloatBits);
    tally.reset(run.context);
  };
  if (const gp_status s = collect(run, timer, poison); s != GP_OK) return s;

  kit::begin_checks(run.result);
  tally.check(run);
  read_buffer(run.context, buffer_c, [&](const void* p) {
    const auto* padded = static_cast<const float*>(p);
    std::vector<float> c(m * n);
    for (uint64_t r = 0; r < m; ++r) std::memcpy(&c[r * n], &padded[r * pn], n * sizeof(float));
    kit::check_matmul(run.result, a.data(), b.data(), c.data(), m, n, k,
                      kit::matmul_alpha(run.ledger.last_key), 24, 24, run.params.seed);
  });
  return GP_OK;
}
#else
gp_status run_tensor(KernelRun&) {
  // check_tensor refuses first; this is reached only if a caller skips supports().
  return plugin::fail(GP_ERR_UNSUPPORTED, "matmul_tensor shader not in this build");
}
#endif

}  // namespace

const KernelEntry kernel_MATMUL_TENSOR{check_tensor, run_tensor};

}  // namespace gpuprobe::vk
