// read, write, copy and latency_hiding: streaming loops over DRAM-sized buffers, every
// thread of the pool on its own contiguous share of whole cache lines. Each proves its
// work with the kit's recipe (backends/kit/README.md): read sums accumulate over launches,
// write and copy store what only the last launch's key produces.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "gpuprobe/reference.hpp"
#include "host_buffer.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "run_support.hpp"

namespace gpuprobe::cpu {
namespace {

// One slot per thread, a cache line each, so updating the sums shares no line.
struct alignas(64) Slot {
  uint32_t value = kit::kPoisonWord;
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

// Read `lines` cache lines of random words on `threads` threads (at most one per line);
// each thread adds its share's sum to its slot, launch after launch.
void run_sum(Context& context, const gp_run_params& params, gp_run_result& result,
             unsigned threads) {
  const uint64_t bytes = buffer_bytes(context, params, result, kLineBytes);
  const uint64_t words = bytes / sizeof(uint32_t), lines = bytes / kLineBytes;
  threads = static_cast<unsigned>(std::min<uint64_t>(threads, lines));
  HostBuffer buffer(bytes, HostBuffer::Pages::kHuge);
  uint32_t* data = buffer.as<uint32_t>();
  reference::fill_random_words(data, words, params.seed);
  const isa::SumFn sum = loops_for(context, width_of(params), result).sum;
  const LastThreadFault fault = last_thread_fault();

  std::vector<Slot> slots(threads);
  kit::Ledger ledger;
  sample_launches(
      params, result, ledger, [&] { std::fill(slots.begin(), slots.end(), Slot{}); },
      [&](uint32_t) {
        context.pool.run(threads, [&](unsigned t, unsigned n) {
          const Share share = share_of(lines, t, n);
          const uint64_t count = share.size() - (fault.skips_iteration(t, n) ? 1 : 0);
          const uint32_t s = sum(data + share.begin * kLineWords, count * kLineWords);
          if (!fault.skips_store(t, n)) slots[t].value += s;
        });
      });

  uint32_t total = 0;
  for (const Slot& s : slots) total += s.value;
  const uint32_t expected = kit::accumulated_total(threads, ledger.launches - params.warmup,
                                                   reference::sum_random_words(params.seed, words));
  kit::begin_checks(result);
  if (total != expected) {
    kit::fail_check(result, "sum of all slots is " + std::to_string(total) + ", expected " +
                                std::to_string(expected));
  }
  result.size_bytes = bytes;
  result.work_items = threads;
  result.work_per_iteration = static_cast<double>(bytes);  // bytes read
}

// Streaming stores pay off once the data cannot stay in the last-level cache anyway: they
// skip the read-for-ownership of every destination line (as STREAM's compilers do).
bool use_streaming_stores(const Context& context, uint64_t bytes_touched, gp_run_result& result) {
  const bool streaming = bytes_touched > context.facts.llc_bytes;
  if (streaming) plugin::append_note(&result, "non-temporal stores (working set > LLC)");
  return streaming;
}

void run_read(Context& context, const gp_run_params& params, gp_run_result& result) {
  run_sum(context, params, result, context.pool.size());
}

// The CPU's answer to "how many work-items must be in flight": one stream per hardware
// thread at most, so latency_hiding runs min(work_items, threads) threads over the buffer.
void run_latency_hiding(Context& context, const gp_run_params& params, gp_run_result& result) {
  const unsigned max_threads = context.pool.size();
  unsigned threads = max_threads;
  if (params.work_items != 0 && params.work_items < max_threads)
    threads = static_cast<unsigned>(params.work_items);
  if (params.work_items > max_threads) {
    plugin::append_note(&result, std::to_string(params.work_items) +
                                     " work-items asked; a CPU has " + std::to_string(max_threads) +
                                     " hardware threads in flight");
  }
  run_sum(context, params, result, threads);
}

// Launch `key` stores write_pattern(write_seed(seed, key), i): the buffer after the run
// holds the last launch's pattern and nothing else.
void run_write(Context& context, const gp_run_params& params, gp_run_result& result) {
  const uint64_t bytes = buffer_bytes(context, params, result, kLineBytes);
  const uint64_t words = bytes / sizeof(uint32_t), lines = bytes / kLineBytes;
  HostBuffer buffer(bytes, HostBuffer::Pages::kHuge);
  uint32_t* data = buffer.as<uint32_t>();
  kit::poison_words(data, words);
  const unsigned width = width_of(params);
  const isa::WriteFn write = loops_for(context, width, result).write;
  const bool streaming = use_streaming_stores(context, bytes, result);
  const unsigned threads = static_cast<unsigned>(std::min<uint64_t>(context.pool.size(), lines));
  const LastThreadFault fault = last_thread_fault();

  kit::Ledger ledger;
  LaunchTally tally;
  sample_launches(
      params, result, ledger,
      [&] {
        kit::poison_words(data, words);
        tally.reset();
      },
      [&](uint32_t key) {
        const uint32_t seed = kit::write_seed(params.seed, key);
        context.pool.run(threads, [&](unsigned t, unsigned n) {
          tally.count(t);
          const Share share = share_of(lines, t, n);
          uint64_t count = share.size() * kLineWords;
          if (fault.skips_iteration(t, n)) count -= width;   // one vector fewer
          if (fault.skips_store(t, n)) count -= kLineWords;  // its last line not stored
          write(data + share.begin * kLineWords, share.begin * kLineWords, count, seed, streaming);
        });
      });

  const uint32_t seed = kit::write_seed(params.seed, ledger.last_key);
  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.value, ledger, params);
  kit::check_words(result, "buffer", data, words,
                   [&](uint64_t i) { return reference::write_pattern(seed, i); });
  result.size_bytes = bytes;
  result.work_items = threads;
  result.work_per_iteration = static_cast<double>(bytes);  // bytes written
}

// Launch `key` copies the source window at window_offset_bytes(key), so the destination
// after the run holds the last launch's window.
void run_copy(Context& context, const gp_run_params& params, gp_run_result& result) {
  const uint64_t bytes = buffer_bytes(context, params, result, kLineBytes, kit::kWindowShiftBytes);
  const uint64_t words = bytes / sizeof(uint32_t), lines = bytes / kLineBytes;
  HostBuffer source(bytes + kit::kWindowShiftBytes, HostBuffer::Pages::kHuge);
  HostBuffer destination(bytes, HostBuffer::Pages::kHuge);
  const uint32_t* src = source.as<uint32_t>();
  uint32_t* dst = destination.as<uint32_t>();
  reference::fill_random_words(source.as<uint32_t>(),
                               words + kit::kWindowShiftBytes / sizeof(uint32_t), params.seed);
  kit::poison_words(dst, words);
  const isa::CopyFn copy = loops_for(context, width_of(params), result).copy;
  const bool streaming = use_streaming_stores(context, 2 * bytes, result);
  const unsigned threads = static_cast<unsigned>(std::min<uint64_t>(context.pool.size(), lines));
  const LastThreadFault fault = last_thread_fault();

  kit::Ledger ledger;
  LaunchTally tally;
  sample_launches(
      params, result, ledger,
      [&] {
        kit::poison_words(dst, words);
        tally.reset();
      },
      [&](uint32_t key) {
        const uint32_t* window = src + kit::window_offset_bytes(key) / sizeof(uint32_t);
        context.pool.run(threads, [&](unsigned t, unsigned n) {
          tally.count(t);
          const Share share = share_of(lines, t, n);
          // The loops move whole lines: a skipped iteration or dropped store is one line.
          const bool broken = fault.skips_iteration(t, n) || fault.skips_store(t, n);
          const uint64_t count = share.size() - (broken ? 1 : 0);
          copy(dst + share.begin * kLineWords, window + share.begin * kLineWords,
               count * kLineWords, streaming);
        });
      });

  const uint64_t offset_words = kit::window_offset_bytes(ledger.last_key) / sizeof(uint32_t);
  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.value, ledger, params);
  kit::check_words(result, "destination", dst, words, [&](uint64_t i) {
    return reference::random_word(params.seed, i + offset_words);
  });
  result.size_bytes = bytes;
  result.work_items = threads;
  result.work_per_iteration = 2.0 * static_cast<double>(bytes);  // bytes read + written
}

}  // namespace

const KernelEntry kernel_READ{&run_read};
const KernelEntry kernel_LATENCY_HIDING{&run_latency_hiding};
const KernelEntry kernel_WRITE{&run_write};
const KernelEntry kernel_COPY{&run_copy};

}  // namespace gpuprobe::cpu
