// Small helpers shared by the CPU kernels: timing a batch of launches on the host clock,
// splitting work over the pool, sizing buffers, and where an injected fault applies.
#pragma once

#include <chrono>
#include <cstdint>

#include "context.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/plugin_support.hpp"
#include "kit/fault.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::cpu {

constexpr uint64_t kLineBytes = 64;
constexpr uint64_t kLineWords = kLineBytes / sizeof(uint32_t);

// Contiguous share of `units` for pool thread `index` of `count`.
struct Share {
  uint64_t begin, end;
  uint64_t size() const { return end - begin; }
};
inline Share share_of(uint64_t units, unsigned index, unsigned count) {
  return {units * index / count, units * (index + 1) / count};
}

// The test-only fault as the "device" sees it: it breaks the last thread of a launch
// (kit/fault.hpp). Launch-level faults are the sampler's business (BatchPlan::issues).
struct LastThreadFault {
  kit::Fault fault = kit::Fault::kNone;
  bool skips_iteration(unsigned thread, unsigned threads) const {
    return fault == kit::Fault::kSkipIteration && thread + 1 == threads;
  }
  bool skips_store(unsigned thread, unsigned threads) const {
    return fault == kit::Fault::kSkipStore && thread + 1 == threads;
  }
};
inline LastThreadFault last_thread_fault() { return {kit::active_fault()}; }

// The launch tally of kernels whose output each launch overwrites (kit::check_launch_tally):
// thread 0 of every launch adds 1 from inside the launch, so a launch that never ran leaves
// it short. The pool joins each launch before the next, so only one thread ever touches it,
// and one add per launch is nothing next to the launch's work. reset() goes into poison().
struct LaunchTally {
  uint32_t value = 0;
  void count(unsigned thread) {
    if (thread == 0) ++value;
  }
  void reset() { value = 0; }
};

// params.size_bytes clamped so that the buffer plus `extra_bytes` fits max_alloc_bytes and
// rounded down to whole `granule`s, each change noted (kit::limit_and_note). Throws
// GP_ERR_INVALID_ARGUMENT below one granule.
uint64_t buffer_bytes(const Context& context, const gp_run_params& params, gp_run_result& result,
                      uint64_t granule, uint64_t extra_bytes = 0);

// Touch every page of a fresh buffer on the pool, so page faults stay out of the timing.
void prefault(Context& context, void* data, uint64_t bytes);

// The core's sampling policy (kit::collect_samples) over launches timed on the host clock:
// launch(key) runs one launch with its key, dispatched to the pool and joined, so the figure
// includes the launch overhead as a GPU's back-to-back launches do. Launches the plan does
// not issue (fault injection) are counted but not run. poison() resets the outputs after
// warm-up. Throws plugin::Error on cancel (also one seen during the last batch).
template <typename Poison, typename Launch>
void sample_launches(const gp_run_params& params, gp_run_result& result, kit::Ledger& ledger,
                     Poison&& poison, Launch&& launch) {
  result.timer = GP_TIMER_HOST;
  const gp_status status =
      kit::collect_samples(params, result, ledger, poison, [&](const kit::BatchPlan& plan) {
        const auto start = std::chrono::steady_clock::now();
        for (uint32_t i = 0; i < plan.count; ++i)
          if (plan.issues(i)) launch(plan.key(i));
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      });
  if (status != GP_OK) throw plugin::Error(status, plugin::last_error());
  if (plugin::cancelled(&params)) throw plugin::Error(GP_ERR_CANCELLED, "cancelled");
}

}  // namespace gpuprobe::cpu
