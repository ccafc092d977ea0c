// local_bandwidth: shared-memory reads (shaders/local_bandwidth.comp). Each workgroup of
// 256 invocations stages an 8 KiB tile of random words from global memory, then every
// invocation makes kRounds x 4 loads of 16 bytes from it. Counted: bytes loaded from shared
// memory. Each invocation adds its sum to its own slot every launch; the host recomputes
// every invocation's sum from the same random words and checks every slot against
// kit::kPoisonWord + timed launches x sum.
#include <algorithm>
#include <array>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/reference.hpp"
#include "kernel_common.hpp"
#include "kit/checks.hpp"
#include "spirv_modules.hpp"
#include "vk_buffer.hpp"
#include "vk_pipeline.hpp"

namespace gpuprobe::vk {
namespace {

// Must match shaders/local_bandwidth.comp.
constexpr uint32_t kGroupSize = 256;
constexpr uint32_t kTileVectors = 512;  // uvec4
constexpr uint32_t kLoadsPerRound = 4;
constexpr uint32_t kBytesPerLoad = 16;
// Rounds per launch: 4 x 256 loads of 16 bytes = 16 KiB per invocation, long enough that
// staging the tile from global memory is a small part of the launch.
constexpr uint32_t kRounds = 256;

// Expected sum of invocation `l`: the shader adds, over rounds r and quarters q, the
// four words of tile vector (l + r + 128 q) mod 512. With per-vector sums and a circular
// prefix sum each window costs O(1), so every invocation of every group is checked.
uint32_t window_sum(const std::vector<uint32_t>& prefix, uint32_t start, uint32_t length) {
  // prefix has 2 * kTileVectors + 1 entries over the tile repeated twice.
  uint32_t total = 0;
  const uint32_t cycle = prefix[kTileVectors];
  total += cycle * (length / kTileVectors);
  const uint32_t rest = length % kTileVectors;
  total += prefix[start + rest] - prefix[start];
  return total;
}

void check_local_bandwidth(const PhysicalDevice& d, const gp_run_params&) {
  const auto& limits = d.properties.limits;
  if (limits.maxComputeWorkGroupInvocations < kGroupSize ||
      limits.maxComputeWorkGroupSize[0] < kGroupSize)
    throw plugin::Error(GP_ERR_UNSUPPORTED, "local_bandwidth needs workgroups of 256 invocations");
}

gp_status run_local_bandwidth(KernelRun& run) {
  const auto& limits = run.physical().properties.limits;
  uint64_t requested = run.params.work_items;
  if (requested == 0)
    requested = default_invocations(run.physical(), uint64_t{1} << 20, uint64_t{1} << 14);
  uint64_t groups = (requested + kGroupSize - 1) / kGroupSize;
  const uint64_t max_groups = limits.maxComputeWorkGroupCount[0];
  if (groups > max_groups) {
    run.result.adjustments |= GP_ADJUST_CLAMPED;
    plugin::append_note(&run.result, "workgroups clamped to maxComputeWorkGroupCount[0] = " +
                                         std::to_string(max_groups));
    groups = max_groups;
  }
  const uint64_t invocations = groups * kGroupSize;
  const uint64_t source_words = groups * kTileVectors * 4;
  const uint32_t seed = run.params.seed;

  Buffer source(run.context, source_words * 4, MemoryUse::DeviceLocal);
  Buffer sums(run.context, invocations * 4, MemoryUse::DeviceLocal);
  write_buffer(run.context, source, [&](void* p) {
    reference::fill_random_words(static_cast<uint32_t*>(p), source_words, seed);
  });
  const auto poison = [&] { fill_words(run.context, sums, kit::kPoisonWord); };
  poison();  // warm-up launches add to the slots too
  const ComputeKernel kernel(run.context, spirv::local_bandwidth, {&source, &sums}, {},
                             sizeof(uint32_t));
  const uint32_t rounds = kRounds;
  BatchTimer timer(
      run.context,
      [&](VkCommandBuffer cmd, uint32_t) {
        kernel.record(cmd, &rounds, static_cast<uint32_t>(groups));
      },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  run.result.size_bytes = source_words * 4;
  run.result.work_items = invocations;
  run.result.work_per_iteration = double(invocations) * kRounds * kLoadsPerRound * kBytesPerLoad;
  plugin::append_note(&run.result, "8 KiB shared tile per workgroup of 256, 16-byte loads");
  if (const gp_status s = collect(run, timer, poison); s != GP_OK) return s;

  const uint32_t launches = static_cast<uint32_t>(run.timed_launches());
  std::vector<uint32_t> vector_sums(kTileVectors), prefix(2 * kTileVectors + 1);
  std::string mismatch;
  read_buffer(run.context, sums, [&](const void* p) {
    const auto* got = static_cast<const uint32_t*>(p);
    for (uint64_t g = 0; g < groups && mismatch.empty(); ++g) {
      for (uint32_t v = 0; v < kTileVectors; ++v) {
        const uint64_t word = (g * kTileVectors + v) * 4;
        vector_sums[v] =
            reference::random_word(seed, word) + reference::random_word(seed, word + 1) +
            reference::random_word(seed, word + 2) + reference::random_word(seed, word + 3);
      }
      prefix[0] = 0;
      for (uint32_t i = 0; i < 2 * kTileVectors; ++i)
        prefix[i + 1] = prefix[i] + vector_sums[i % kTileVectors];
      for (uint32_t l = 0; l < kGroupSize; ++l) {
        uint32_t expected = 0;
        for (uint32_t q = 0; q < kLoadsPerRound; ++q)
          expected += window_sum(prefix, (l + q * 128) % kTileVectors, kRounds);
        const uint64_t id = g * kGroupSize + l;
        const uint32_t want = kit::accumulated_total(1, launches, expected);
        if (got[id] != want) {
          mismatch = "slot of invocation " + std::to_string(id) + " is " + std::to_string(got[id]) +
                     ", expected " + std::to_string(want) + " after " + std::to_string(launches) +
                     " timed launches";
          break;
        }
      }
    }
  });
  kit::begin_checks(run.result);
  if (!mismatch.empty()) kit::fail_check(run.result, mismatch);
  return GP_OK;
}

}  // namespace

const KernelEntry kernel_LOCAL_BANDWIDTH{check_local_bandwidth, run_local_bandwidth};

}  // namespace gpuprobe::vk
