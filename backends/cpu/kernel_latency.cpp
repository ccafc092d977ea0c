// pointer_chase (memory latency, one thread) and launch_latency (pool round trip).
#include <algorithm>
#include <limits>
#include <vector>

#include "gpuprobe/reference.hpp"
#include "host_buffer.hpp"
#include "kernels.hpp"
#include "run_support.hpp"

namespace gpuprobe::cpu {
namespace {

constexpr uint64_t kNodeBytes = 64;  // one node per cache line
constexpr uint64_t kNodeWords = kNodeBytes / sizeof(uint32_t);

// Each load's address comes from the previous load: nothing can overlap or prefetch it.
// noinline keeps the loop identical whatever the caller looks like.
__attribute__((noinline)) uint32_t chase_nodes(const uint32_t* nodes, uint32_t start,
                                               uint64_t steps) {
  uint32_t node = start;
  for (uint64_t s = 0; s < steps; ++s) node = nodes[uint64_t{node} * kNodeWords];
  return node;
}

struct alignas(64) Slot {
  uint64_t value = 0;
};

}  // namespace

gp_status run_pointer_chase(Context& context, const gp_run_params& params, gp_run_result& result) {
  uint64_t bytes = buffer_bytes(context, params, result, kNodeBytes);
  const uint64_t max_nodes = std::numeric_limits<uint32_t>::max();
  if (bytes / kNodeBytes > max_nodes) {
    bytes = max_nodes * kNodeBytes;
    plugin::append_note(&result, "size clamped to 2^32-1 nodes");
  }
  const auto nodes = static_cast<uint32_t>(bytes / kNodeBytes);
  if (nodes < 2) throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "pointer_chase needs >= 2 nodes");

  // 4 KiB pages, as a plain malloc'd chase gets: beyond the TLB's reach every load also
  // walks the page table, which is part of what a random access costs a program. (With
  // huge pages the DRAM figure here drops by a third or more.)
  HostBuffer buffer(bytes, HostBuffer::Pages::kDefault);
  uint32_t* data = buffer.as<uint32_t>();
  reference::fill_random_words(data, bytes / sizeof(uint32_t), params.seed);
  const std::vector<uint32_t> next = reference::sattolo_cycle(nodes, params.seed);
  for (uint32_t i = 0; i < nodes; ++i) data[uint64_t{i} * kNodeWords] = next[i];

  // At least 2^20 loads (a launch of milliseconds even from L1), at most 2^21 (~0.25 s from
  // DRAM). Each launch carries on where the last stopped, so a launch never re-walks lines
  // the previous one left in the caches.
  const uint64_t steps = std::clamp<uint64_t>(nodes, uint64_t{1} << 20, uint64_t{1} << 21);
  uint32_t position = 0;
  uint64_t total_steps = 0;
  const gp_status status = time_samples(params, result, [&] {
    context.pool.run(1, [&](unsigned, unsigned) { position = chase_nodes(data, position, steps); });
    total_steps += steps;
  });
  if (status != GP_OK) return status;

  // The cycle has length `nodes`, so the reference only needs total_steps mod nodes.
  const uint32_t expected = reference::chase(next, 0, total_steps % nodes);
  result.verification = position == expected ? GP_VERIFY_PASSED : GP_VERIFY_FAILED;
  if (position != expected) {
    plugin::append_note(&result, "chase ended at node " + std::to_string(position) + ", expected " +
                                     std::to_string(expected));
  }
  result.size_bytes = bytes;
  result.work_items = 1;
  result.work_per_iteration = static_cast<double>(steps);  // dependent loads
  return GP_OK;
}

// An "empty kernel": every pool thread writes the launch number into its own slot. The
// host dispatches and joins each launch before the next, so a sample is n round trips.
gp_status run_launch_latency(Context& context, const gp_run_params& params, gp_run_result& result) {
  const unsigned threads = context.pool.size();
  std::vector<Slot> slots(threads);
  uint64_t launches = 0;
  const gp_status status = time_samples(params, result, [&] {
    ++launches;
    context.pool.run(threads, [&](unsigned t, unsigned) { slots[t].value = launches; });
  });
  if (status != GP_OK) return status;

  result.verification = GP_VERIFY_PASSED;
  for (unsigned t = 0; t < threads; ++t) {
    if (slots[t].value != launches) {
      result.verification = GP_VERIFY_FAILED;
      plugin::append_note(
          &result, "thread " + std::to_string(t) + " missed launch " + std::to_string(launches));
      break;
    }
  }
  result.size_bytes = 0;
  result.work_items = threads;
  result.work_per_iteration = 1.0;  // launches
  return GP_OK;
}

}  // namespace gpuprobe::cpu
