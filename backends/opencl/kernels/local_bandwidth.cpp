// local_bandwidth: reads from local (shared) memory after one load from global memory.
// See shaders/local_bandwidth.cl for the access pattern.
#include <algorithm>
#include <vector>

#include "../buffers.hpp"
#include "../launch.hpp"
#include "../timing.hpp"
#include "gpuprobe/reference.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::opencl {
namespace {

namespace ref = gpuprobe::reference;

constexpr uint32_t kWords = 16;  // local vector loads per work-item per repetition
constexpr uint32_t kPad = 64;    // extra tile vectors that the per-repetition shift walks over
// Repetitions per launch: the one global load of the tile is 1/kReps of the traffic.
constexpr uint32_t kReps = 4096;

struct LocalGeometry {
  size_t global, local;
  uint32_t vec;         // words per load
  size_t tile_vectors;  // per work-group
  size_t tile_words() const { return tile_vectors * vec; }
};

// GPU: 256 work-items reading scalars. CPU driver: a work-group is a loop on one thread,
// so 16 work-items reading 64-byte vectors keep the tile (20 KiB) inside the L1 cache.
// Many groups per compute unit let the driver balance them over its threads.
LocalGeometry local_geometry(const DeviceCaps& caps) {
  LocalGeometry g{};
  g.vec = caps.vector_width_int;
  size_t local = std::min<size_t>(caps.is_cpu() ? 16 : 256, caps.max_work_group_size);
  // The tile must fit the device's local memory.
  while (local > 1 && (local * kWords + kPad) * g.vec * 4 > caps.local_mem_bytes) local /= 2;
  const size_t groups = static_cast<size_t>(caps.compute_units) * 16;
  g.local = local;
  g.global = local * groups;
  g.tile_vectors = local * kWords + kPad;
  return g;
}

// What one launch adds to work-item `gid`'s slot. Repetition r reads with shift r % PAD,
// so each shift s < PAD repeats reps / PAD times (one more for s < reps % PAD): the sum
// is O(PAD x WORDS x VEC) per work-item instead of O(reps x WORDS x VEC).
uint32_t work_item_sum(const LocalGeometry& g, const std::vector<uint32_t>& input, uint64_t gid) {
  const uint32_t* tile = input.data() + (gid / g.local) * g.tile_words();
  const uint64_t lid = gid % g.local;
  uint32_t total = 0;
  for (uint32_t shift = 0; shift < kPad; ++shift) {
    const uint32_t repeats = kReps / kPad + (shift < kReps % kPad ? 1 : 0);
    uint32_t once = 0;
    for (uint32_t w = 0; w < kWords; ++w) {
      const uint32_t* vector = tile + (w * g.local + lid + shift) * g.vec;
      for (uint32_t l = 0; l < g.vec; ++l) once += vector[l];
    }
    total += repeats * once;
  }
  return total;
}

gp_status run_local_bandwidth(DeviceContext& device, const gp_run_params& params,
                              gp_run_result& result) {
  const LocalGeometry g = local_geometry(device.caps());
  const size_t groups = g.global / g.local;
  const uint64_t input_words = groups * g.tile_words();
  std::vector<uint32_t> input(input_words);
  ref::fill_random_words(input.data(), input_words, params.seed);
  Mem in = create_buffer(device, CL_MEM_READ_ONLY, input_words * 4, "local tiles");
  write_buffer(device, in.get(), input.data(), input_words * 4);
  const uint64_t slot_bytes = uint64_t{g.global} * 4;
  Mem slots = create_buffer(device, CL_MEM_READ_WRITE, slot_bytes, "per-work-item sums");
  poison_buffer(device, slots.get(), slot_bytes);
  const std::string options = "-D VEC=" + std::to_string(g.vec) +
                              " -D WORDS=" + std::to_string(kWords) +
                              " -D PAD=" + std::to_string(kPad);
  Kernel kernel = device.kernel("local_bandwidth", options, "local_bandwidth");
  set_args(kernel, in.get(), cl_uint{kReps}, slots.get(), LocalBytes{g.tile_words() * 4});

  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger, [&] { poison_buffer(device, slots.get(), slot_bytes); },
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t, cl_event* event) {
          launch_1d(device.queue(), kernel, g.global, g.local, event);
        });
      });
  if (status != GP_OK) return status;

  // Every slot, not only their sum: the recipe's total follows, and a bad slot is named.
  std::vector<uint32_t> got(g.global);
  read_buffer(device, slots.get(), got.data(), slot_bytes);
  const uint64_t timed_launches = ledger.launches - params.warmup;
  kit::begin_checks(result);
  for (uint64_t gid = 0; gid < g.global; ++gid) {
    const uint32_t want = kit::accumulated_total(1, timed_launches, work_item_sum(g, input, gid));
    if (got[gid] != want) {
      kit::fail_check(result, "slot of work-item " + std::to_string(gid) + " is " +
                                  std::to_string(got[gid]) + ", expected " + std::to_string(want) +
                                  " after " + std::to_string(timed_launches) + " launches");
      break;
    }
  }
  plugin::append_note(&result, std::to_string(g.vec * 4) + "-byte loads, " +
                                   std::to_string(g.tile_words() * 4) +
                                   " bytes of local memory per group");
  result.size_bytes = g.tile_words() * 4;  // local memory per work-group
  result.work_items = g.global;
  result.work_per_iteration = 4.0 * static_cast<double>(g.global) * kReps * kWords * g.vec;
  return GP_OK;
}

}  // namespace

const KernelEntry kernel_LOCAL_BANDWIDTH{run_local_bandwidth, always_supported};

}  // namespace gpuprobe::opencl
