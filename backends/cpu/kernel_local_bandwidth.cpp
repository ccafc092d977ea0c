// local_bandwidth: the CPU's "shared memory" is its L1 data cache. Each thread copies a
// block from the global buffer into its own 16 KiB block (half of the smallest L1d of a
// current x86 core, so it stays resident) and sums it many times with the widest vector
// loads.
#include <cstring>
#include <vector>

#include "gpuprobe/reference.hpp"
#include "host_buffer.hpp"
#include "kernels.hpp"
#include "run_support.hpp"

namespace gpuprobe::cpu {
namespace {

constexpr uint64_t kBlockBytes = 16 * 1024;
constexpr uint64_t kBlockWords = kBlockBytes / sizeof(uint32_t);
// 4096 passes = 64 MiB of L1 reads per thread per launch: a launch of a few hundred
// microseconds, so the pool's dispatch cost stays below 1 %.
constexpr uint64_t kPasses = 4096;

struct alignas(64) Slot {
  uint32_t value = 0;
};

}  // namespace

gp_status run_local_bandwidth(Context& context, const gp_run_params& params,
                              gp_run_result& result) {
  const unsigned threads = context.pool.size();
  const uint64_t bytes = kBlockBytes * threads;
  HostBuffer global(bytes, HostBuffer::Pages::kDefault), local(bytes, HostBuffer::Pages::kDefault);
  reference::fill_random_words(global.as<uint32_t>(), bytes / sizeof(uint32_t), params.seed);
  const isa::RepeatedSumFn repeated_sum = context.kernels.repeated_sum;
  std::vector<Slot> sums(threads);
  plugin::append_note(&result, "16 KiB L1-resident block per thread, " +
                                   std::to_string(context.kernels.native_stream_width * 32) +
                                   "-bit loads; size_bytes is not used");

  const gp_status status = time_samples(params, result, [&] {
    context.pool.run(threads, [&](unsigned t, unsigned) {
      uint32_t* block = local.as<uint32_t>() + t * kBlockWords;
      std::memcpy(block, global.as<uint32_t>() + t * kBlockWords, kBlockBytes);
      sums[t].value = repeated_sum(block, kBlockWords, kPasses);
    });
  });
  if (status != GP_OK) return status;

  result.verification = GP_VERIFY_PASSED;
  for (unsigned t = 0; t < threads; ++t) {
    uint32_t block_sum = 0;
    for (uint64_t i = 0; i < kBlockWords; ++i)
      block_sum += reference::random_word(params.seed, t * kBlockWords + i);
    const auto expected = static_cast<uint32_t>(block_sum * kPasses);
    if (sums[t].value != expected) {
      result.verification = GP_VERIFY_FAILED;
      plugin::append_note(&result, "thread " + std::to_string(t) + " summed " +
                                       std::to_string(sums[t].value) + ", expected " +
                                       std::to_string(expected));
      break;
    }
  }
  result.size_bytes = bytes;
  result.work_items = threads;
  // bytes read from L1 (4 per 32-bit word); the copy in from the global buffer is not counted
  result.work_per_iteration = static_cast<double>(threads * kPasses * kBlockBytes);
  return GP_OK;
}

}  // namespace gpuprobe::cpu
