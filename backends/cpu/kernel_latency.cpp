// pointer_chase (memory latency, one thread) and launch_latency (pool round trip).
#include <algorithm>
#include <limits>
#include <vector>

#include "host_buffer.hpp"
#include "kernels.hpp"
#include "kit/chase.hpp"
#include "kit/checks.hpp"
#include "kit/sizes.hpp"
#include "run_support.hpp"

namespace gpuprobe::cpu {
namespace {

constexpr uint64_t kNodeBytes = 64;  // one node per cache line
constexpr uint32_t kNodeWords = kNodeBytes / sizeof(uint32_t);

// Each load's address comes from the previous load: nothing can overlap or prefetch it.
// noinline keeps the loop identical whatever the caller looks like.
__attribute__((noinline)) uint32_t chase_nodes(const uint32_t* nodes, uint32_t start,
                                               uint64_t steps) {
  uint32_t node = start;
  for (uint64_t s = 0; s < steps; ++s) node = nodes[uint64_t{node} * kNodeWords];
  return node;
}

struct alignas(64) Slot {
  uint32_t value = kit::kPoisonWord;
};

void run_pointer_chase(Context& context, const gp_run_params& params, gp_run_result& result) {
  const uint64_t max_nodes = std::numeric_limits<uint32_t>::max();
  uint64_t bytes = buffer_bytes(context, params, result, kNodeBytes);
  bytes = kit::limit_and_note(result, bytes, max_nodes * kNodeBytes, "2^32-1 nodes");
  const auto nodes = static_cast<uint32_t>(bytes / kNodeBytes);
  if (nodes < 2) throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "pointer_chase needs >= 2 nodes");

  // 4 KiB pages, as a plain malloc'd chase gets: beyond the TLB's reach every load also
  // walks the page table, which is part of what a random access costs a program. (With
  // huge pages the DRAM figure here drops by a third or more.)
  HostBuffer buffer(bytes, HostBuffer::Pages::kDefault);
  uint32_t* data = buffer.as<uint32_t>();
  const kit::ChaseCycle cycle(nodes, params.seed);
  cycle.write_nodes(data, kNodeWords, params.seed);

  // At least 2^16 loads (a launch long next to the pool's dispatch even from L1), at most
  // 2^19 (~60 ms from DRAM, so the samples of a point cost well under a second). Each launch
  // carries on where the last stopped (the position is the "device's" one-word buffer), so a launch
  // never re-walks lines the previous one left in the caches, and the end position proves every
  // step of every launch.
  const uint64_t steps = kit::chase_steps_per_launch(nodes, uint64_t{1} << 16, uint64_t{1} << 19);
  const LastThreadFault fault = last_thread_fault();
  uint32_t position = 0, tally = 0;  // the "device's" chase state (kit::kChaseStateWords)
  kit::Ledger ledger;
  sample_launches(
      params, result, ledger, [] {},  // the position is the output, and it carries on
      [&](uint32_t) {
        context.pool.run(1, [&](unsigned t, unsigned n) {
          const uint64_t my_steps = steps - (fault.skips_iteration(t, n) ? 1 : 0);
          const uint32_t end = chase_nodes(data, position, my_steps);
          if (fault.skips_store(t, n)) return;
          position = end;
          ++tally;
        });
      });

  kit::check_chase_end(result, position, tally, cycle, ledger, steps, params);
  result.size_bytes = bytes;
  result.work_items = 1;
  result.work_per_iteration = static_cast<double>(steps);  // dependent loads
}

// An "empty kernel": every pool thread stores the launch's key into its own slot. The
// host dispatches and joins each launch before the next, so a sample is n round trips.
void run_launch_latency(Context& context, const gp_run_params& params, gp_run_result& result) {
  const unsigned threads = context.pool.size();
  std::vector<Slot> slots(threads);
  const LastThreadFault fault = last_thread_fault();
  kit::Ledger ledger;
  LaunchTally tally;
  sample_launches(
      params, result, ledger,
      [&] {
        std::fill(slots.begin(), slots.end(), Slot{});
        tally.reset();
      },
      [&](uint32_t key) {
        context.pool.run(threads, [&](unsigned t, unsigned n) {
          tally.count(t);
          if (!fault.skips_store(t, n)) slots[t].value = key;
        });
      });

  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.value, ledger, params);
  for (unsigned t = 0; t < threads; ++t) {
    if (slots[t].value != ledger.last_key) {
      kit::fail_check(result, "thread " + std::to_string(t) + " holds " +
                                  std::to_string(slots[t].value) + ", not the last launch's key " +
                                  std::to_string(ledger.last_key));
      break;
    }
  }
  result.size_bytes = 0;
  result.work_items = threads;
  result.work_per_iteration = 1.0;  // launches
}

}  // namespace

const KernelEntry kernel_POINTER_CHASE{&run_pointer_chase};
const KernelEntry kernel_LAUNCH_LATENCY{&run_launch_latency};

}  // namespace gpuprobe::cpu
