// read, write, copy and latency_hiding: streaming loops over DRAM-sized buffers, every
// thread of the pool on its own contiguous share of whole cache lines.
#include <cstdio>
#include <vector>

#include "gpuprobe/reference.hpp"
#include "host_buffer.hpp"
#include "kernels.hpp"
#include "run_support.hpp"

namespace gpuprobe::cpu {
namespace {

// One slot per thread, a cache line each, so writing the partial sums shares no line.
struct alignas(64) Slot {
  uint32_t value = 0;
};

unsigned width_of(const gp_run_params& params) {
  return params.vector_width == 0 ? 1 : params.vector_width;
}

const isa::StreamLoops& loops_for(const Context& context, unsigned width, gp_run_result& result) {
  const isa::IsaKernels& k = context.kernels;
  if (width > k.native_stream_width) {
    char note[120];
    std::snprintf(note, sizeof note, "%u-word accesses split into %u-bit pieces (%s)", width,
                  k.native_stream_width * 32, k.name);
    plugin::append_note(&result, note);
  }
  const unsigned index = width == 1 ? 0 : width == 2 ? 1 : width == 4 ? 2 : width == 8 ? 3 : 4;
  return k.stream[index];
}

// Read `lines` cache lines of random words on `threads` threads and check the sum.
gp_status run_sum(Context& context, const gp_run_params& params, gp_run_result& result,
                  unsigned threads) {
  const uint64_t bytes = buffer_bytes(context, params, result, kLineBytes);
  const uint64_t words = bytes / sizeof(uint32_t), lines = bytes / kLineBytes;
  HostBuffer buffer(bytes, HostBuffer::Pages::kHuge);
  uint32_t* data = buffer.as<uint32_t>();
  reference::fill_random_words(data, words, params.seed);
  const isa::SumFn sum = loops_for(context, width_of(params), result).sum;

  std::vector<Slot> partial(threads);
  const gp_status status = time_samples(params, result, [&] {
    context.pool.run(threads, [&](unsigned t, unsigned n) {
      const Share share = share_of(lines, t, n);
      partial[t].value = sum(data + share.begin * kLineWords, share.size() * kLineWords);
    });
  });
  if (status != GP_OK) return status;

  uint32_t total = 0;
  for (const Slot& s : partial) total += s.value;
  const uint32_t expected = reference::sum_random_words(params.seed, words);
  result.verification = total == expected ? GP_VERIFY_PASSED : GP_VERIFY_FAILED;
  if (total != expected) {
    plugin::append_note(&result, "sum of all words is " + std::to_string(total) + ", expected " +
                                     std::to_string(expected));
  }
  result.size_bytes = bytes;
  result.work_items = threads;
  result.work_per_iteration = static_cast<double>(bytes);  // bytes read
  return GP_OK;
}

void note_mismatch(gp_run_result& result, uint64_t index, uint32_t got, uint32_t expected) {
  result.verification = GP_VERIFY_FAILED;
  plugin::append_note(&result, "word " + std::to_string(index) + " is " + std::to_string(got) +
                                   ", expected " + std::to_string(expected));
}

// Streaming stores pay off once the data cannot stay in the last-level cache anyway: they
// skip the read-for-ownership of every destination line (as STREAM's compilers do).
bool use_streaming_stores(const Context& context, uint64_t bytes_touched, gp_run_result& result) {
  const bool streaming = bytes_touched > context.facts.llc_bytes;
  if (streaming) plugin::append_note(&result, "non-temporal stores (working set > LLC)");
  return streaming;
}

}  // namespace

gp_status run_read(Context& context, const gp_run_params& params, gp_run_result& result) {
  return run_sum(context, params, result, context.pool.size());
}

// The CPU's answer to "how many work-items must be in flight": one stream per hardware
// thread at most, so latency_hiding runs min(work_items, threads) threads over the buffer.
gp_status run_latency_hiding(Context& context, const gp_run_params& params, gp_run_result& result) {
  const unsigned max_threads = context.pool.size();
  unsigned threads = max_threads;
  if (params.work_items != 0 && params.work_items < max_threads)
    threads = static_cast<unsigned>(params.work_items);
  if (params.work_items > max_threads) {
    plugin::append_note(&result, std::to_string(params.work_items) +
                                     " work-items asked; a CPU has " + std::to_string(max_threads) +
                                     " hardware threads in flight");
  }
  return run_sum(context, params, result, threads);
}

gp_status run_write(Context& context, const gp_run_params& params, gp_run_result& result) {
  const uint64_t bytes = buffer_bytes(context, params, result, kLineBytes);
  const uint64_t words = bytes / sizeof(uint32_t), lines = bytes / kLineBytes;
  HostBuffer buffer(bytes, HostBuffer::Pages::kHuge);
  uint32_t* data = buffer.as<uint32_t>();
  // Random contents first: a kernel that skipped a store leaves a word that fails the check.
  reference::fill_random_words(data, words, params.seed ^ 0x5a5a5a5au);
  const isa::WriteFn write = loops_for(context, width_of(params), result).write;
  const bool streaming = use_streaming_stores(context, bytes, result);
  const unsigned threads = context.pool.size();

  const gp_status status = time_samples(params, result, [&] {
    context.pool.run(threads, [&](unsigned t, unsigned n) {
      const Share share = share_of(lines, t, n);
      write(data + share.begin * kLineWords, share.begin * kLineWords, share.size() * kLineWords,
            params.seed, streaming);
    });
  });
  if (status != GP_OK) return status;

  const uint64_t bad = reference::first_write_mismatch(data, words, params.seed);
  if (bad == words) {
    result.verification = GP_VERIFY_PASSED;
  } else {
    note_mismatch(result, bad, data[bad], reference::write_pattern(params.seed, bad));
  }
  result.size_bytes = bytes;
  result.work_items = threads;
  result.work_per_iteration = static_cast<double>(bytes);  // bytes written
  return GP_OK;
}

gp_status run_copy(Context& context, const gp_run_params& params, gp_run_result& result) {
  const uint64_t bytes = buffer_bytes(context, params, result, kLineBytes);
  const uint64_t words = bytes / sizeof(uint32_t), lines = bytes / kLineBytes;
  HostBuffer source(bytes, HostBuffer::Pages::kHuge), destination(bytes, HostBuffer::Pages::kHuge);
  const uint32_t* src = source.as<uint32_t>();
  uint32_t* dst = destination.as<uint32_t>();
  reference::fill_random_words(source.as<uint32_t>(), words, params.seed);
  prefault(context, dst, bytes);  // zeros: not the source's words
  const isa::CopyFn copy = loops_for(context, width_of(params), result).copy;
  const bool streaming = use_streaming_stores(context, 2 * bytes, result);
  const unsigned threads = context.pool.size();

  const gp_status status = time_samples(params, result, [&] {
    context.pool.run(threads, [&](unsigned t, unsigned n) {
      const Share share = share_of(lines, t, n);
      copy(dst + share.begin * kLineWords, src + share.begin * kLineWords,
           share.size() * kLineWords, streaming);
    });
  });
  if (status != GP_OK) return status;

  const uint64_t bad = reference::first_random_mismatch(dst, words, params.seed);
  if (bad == words) {
    result.verification = GP_VERIFY_PASSED;
  } else {
    note_mismatch(result, bad, dst[bad], reference::random_word(params.seed, bad));
  }
  result.size_bytes = bytes;
  result.work_items = threads;
  result.work_per_iteration = 2.0 * static_cast<double>(bytes);  // bytes read + written
  return GP_OK;
}

}  // namespace gpuprobe::cpu
