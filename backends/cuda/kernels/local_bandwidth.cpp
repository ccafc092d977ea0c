// local_bandwidth: reads from shared memory after one load from global memory, checked per
// thread as backends/opencl/kernels/local_bandwidth.cpp does. Device code:
// shaders/local_bandwidth.cu (scalar words, 256 threads per block, 16 blocks per SM).
#include <algorithm>
#include <vector>

#include "../kernels.cuh"
#include "../timing.hpp"
#include "gpuprobe/reference.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::cuda {
namespace {

namespace ref = gpuprobe::reference;

constexpr uint32_t kReps = 4096;  // the one global load of the tile is 1/kReps of the traffic

// What one launch adds to thread `gid`'s slot (shift r % PAD, see local_bandwidth.cl).
uint32_t work_item_sum(uint32_t threads, uint32_t tile_words, const std::vector<uint32_t>& input,
                       uint64_t gid) {
  const uint32_t words = launch::local_words_per_repetition(), pad = launch::local_pad();
  const uint32_t* tile = input.data() + (gid / threads) * tile_words;
  const uint64_t lid = gid % threads;
  uint32_t total = 0;
  for (uint32_t shift = 0; shift < pad; ++shift) {
    const uint32_t repeats = kReps / pad + (shift < kReps % pad ? 1 : 0);
    uint32_t once = 0;
    for (uint32_t w = 0; w < words; ++w) once += tile[w * threads + lid + shift];
    total += repeats * once;
  }
  return total;
}

gp_status run_local_bandwidth(DeviceContext& device, const gp_run_params& params,
                              gp_run_result& result) {
  const DeviceCaps& caps = device.caps();
  uint32_t threads = std::min<uint32_t>(256, caps.max_threads_per_block);
  while (threads > 1 && uint64_t{launch::local_tile_words(threads)} * 4 > caps.shared_per_block)
    threads /= 2;
  const launch::Grid1d grid{caps.sm_count * 16, threads};
  const uint32_t tile_words = launch::local_tile_words(threads);
  const uint64_t global = uint64_t{grid.blocks} * threads;
  const uint64_t input_words = uint64_t{grid.blocks} * tile_words;
  std::vector<uint32_t> input(input_words);
  ref::fill_random_words(input.data(), input_words, params.seed);
  const DeviceBuffer in = device_alloc(input_words * 4, "local tiles");
  device.upload(in.get(), input.data(), input_words * 4);
  const DeviceBuffer slots = device_alloc(global * 4, "per-work-item sums");
  device.fill_words(slots.get(), kit::kPoisonWord, global * 4);
  const uint32_t fault = fault_code();

  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger, [&] { device.fill_words(slots.get(), kit::kPoisonWord, global * 4); },
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t) {
          check(launch::local_bandwidth(device.stream(), grid, in.as(), kReps, slots.as(), fault),
                "local_bandwidth launch");
        });
      });
  if (status != GP_OK) return status;

  std::vector<uint32_t> got(global);
  device.download(got.data(), slots.get(), global * 4);
  const uint64_t timed_launches = ledger.launches - params.warmup;
  kit::begin_checks(result);
  for (uint64_t gid = 0; gid < global; ++gid) {
    const uint32_t want =
        kit::accumulated_total(1, timed_launches, work_item_sum(threads, tile_words, input, gid));
    if (got[gid] != want) {
      kit::fail_check(result, "slot of work-item " + std::to_string(gid) + " is " +
                                  std::to_string(got[gid]) + ", expected " + std::to_string(want) +
                                  " after " + std::to_string(timed_launches) + " launches");
      break;
    }
  }
  plugin::append_note(&result, "4-byte loads, " + std::to_string(tile_words * 4) +
                                   " bytes of shared memory per block");
  result.size_bytes = uint64_t{tile_words} * 4;
  result.work_items = global;
  result.work_per_iteration =
      4.0 * static_cast<double>(global) * kReps * launch::local_words_per_repetition();
  return GP_OK;
}

}  // namespace

const KernelEntry kernel_LOCAL_BANDWIDTH{run_local_bandwidth, always_supported};

}  // namespace gpuprobe::cuda
