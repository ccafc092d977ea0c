// local_bandwidth: the CPU's "shared memory" is its L1 data cache. Each thread copies a
// block from the global buffer into its own 16 KiB block (half of the smallest L1d of a
// current x86 core, so it stays resident), sums it many times with the widest vector
// loads and adds the sum to its slot, launch after launch (the kit's read recipe).
#include <algorithm>
#include <cstring>
#include <vector>

#include "gpuprobe/reference.hpp"
#include "host_buffer.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "run_support.hpp"

namespace gpuprobe::cpu {
namespace {

constexpr uint64_t kBlockBytes = 16 * 1024;
constexpr uint64_t kBlockWords = kBlockBytes / sizeof(uint32_t);
// 4096 passes = 64 MiB of L1 reads per thread per launch: a launch of a few hundred
// microseconds, so the pool's dispatch cost stays below 1 %.
constexpr uint64_t kPasses = 4096;

struct alignas(64) Slot {
  uint32_t value = kit::kPoisonWord;
};

void run_local_bandwidth(Context& context, const gp_run_params& params, gp_run_result& result) {
  const unsigned threads = context.pool.size();
  const uint64_t bytes = kBlockBytes * threads;
  const uint64_t words = bytes / sizeof(uint32_t);
  HostBuffer global(bytes, HostBuffer::Pages::kDefault), local(bytes, HostBuffer::Pages::kDefault);
  reference::fill_random_words(global.as<uint32_t>(), words, params.seed);
  const isa::RepeatedSumFn repeated_sum = context.kernels.repeated_sum;
  const LastThreadFault fault = last_thread_fault();
  std::vector<Slot> slots(threads);
  plugin::append_note(&result, "16 KiB L1-resident block per thread, " +
                                   std::to_string(context.kernels.native_stream_width * 32) +
                                   "-bit loads; size_bytes is not used");

  kit::Ledger ledger;
  sample_launches(
      params, result, ledger, [&] { std::fill(slots.begin(), slots.end(), Slot{}); },
      [&](uint32_t) {
        context.pool.run(threads, [&](unsigned t, unsigned n) {
          uint32_t* block = local.as<uint32_t>() + t * kBlockWords;
          std::memcpy(block, global.as<uint32_t>() + t * kBlockWords, kBlockBytes);
          // The main loop is the pass over the block: a skipped iteration is one pass.
          const uint64_t passes = kPasses - (fault.skips_iteration(t, n) ? 1 : 0);
          const uint32_t sum = repeated_sum(block, kBlockWords, passes);
          if (!fault.skips_store(t, n)) slots[t].value += sum;
        });
      });

  uint32_t total = 0;
  for (const Slot& s : slots) total += s.value;
  const auto per_launch = static_cast<uint32_t>(reference::sum_random_words(params.seed, words) *
                                                static_cast<uint32_t>(kPasses));
  const uint32_t expected =
      kit::accumulated_total(threads, ledger.launches - params.warmup, per_launch);
  kit::begin_checks(result);
  if (total != expected) {
    kit::fail_check(result, "sum of all slots is " + std::to_string(total) + ", expected " +
                                std::to_string(expected));
  }
  result.size_bytes = bytes;
  result.work_items = threads;
  // bytes read from L1 (4 per 32-bit word); the copy in from the global buffer is not counted
  result.work_per_iteration = static_cast<double>(threads * kPasses * kBlockBytes);
}

}  // namespace

const KernelEntry kernel_LOCAL_BANDWIDTH{&run_local_bandwidth};

}  // namespace gpuprobe::cpu
