// The core's sampling policy, executed inside a plugin so buffers are allocated once, with
// the launch bookkeeping verification needs: every launch of a run has a key (1, 2, 3, ...)
// a kernel can mix into its output, so the output of the last launch differs from that of
// any earlier one, and the fault switch decides which launches are really issued.
#pragma once

#include <cstdint>
#include <vector>

#include "gpuprobe/plugin.h"
#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/sampling_rule.hpp"
#include "kit/fault.hpp"

namespace gpuprobe::kit {

// One batch as the sampler asks for it. The figure counts `count` launches; the backend
// issues launch i (key first_key + i) only when issues(i) is true. skip_launch leaves out
// the MIDDLE launch (i == count / 2; the only one when count is 1): a check that sees only
// the last launch's output misses it, so every kernel whose output each launch overwrites
// also keeps a launch tally on the device (kit::check_launch_tally).
struct BatchPlan {
  uint32_t count = 0;
  uint32_t first_key = 0;
  bool timed = false;  // false for warm-up launches
  Fault fault = Fault::kNone;

  uint32_t key(uint32_t i) const { return first_key + i; }
  uint32_t last_key() const { return first_key + count - 1; }
  bool issues(uint32_t i) const {
    if (!timed) return true;
    if (fault == Fault::kStaleOutput) return false;
    return !(fault == Fault::kSkipLaunch && i == count / 2);
  }
};

// What a correct device did over the whole run: the check's input.
struct Ledger {
  uint64_t launches = 0;  // launches counted, warm-up included
  uint32_t last_key = 0;  // key of the last launch (0: none ran)
};

// `warmup` untimed single launches; then poison() (outputs set to a pattern no kernel
// produces); then, if params.iterations == 0, batches grow until one lasts >=
// min_sample_seconds; then timed batches until sampling::should_stop says the point has
// settled (at least `samples`, at most max_samples; see sampling_rule.hpp). batch(plan)
// issues the plan's launches back to back and returns the seconds they took on the device
// (or the host clock where the API has none).
template <typename Poison, typename Batch>
gp_status collect_samples(const gp_run_params& params, gp_run_result& result, Ledger& ledger,
                          Poison&& poison, Batch&& batch) {
  const Fault fault = active_fault();
  note_fault(result, fault);
  auto run_batch = [&](uint32_t count, bool timed) {
    BatchPlan plan{count, ledger.last_key + 1, timed, fault};
    const double seconds = batch(static_cast<const BatchPlan&>(plan));
    ledger.launches += count;
    ledger.last_key = plan.last_key();
    return seconds;
  };
  for (uint32_t w = 0; w < params.warmup; ++w) {
    if (plugin::cancelled(&params)) return plugin::fail(GP_ERR_CANCELLED, "cancelled");
    run_batch(1u, false);
  }
  poison();

  uint32_t iterations = params.iterations;
  const sampling::StopRule rule = sampling::stop_rule_from(params);
  std::vector<double> samples;  // seconds per batch, as the stopping rule sees them
  samples.reserve(rule.max_samples);
  if (iterations == 0) {
    const double target = params.min_sample_seconds > 0 ? params.min_sample_seconds : 0.02;
    const uint32_t max_iterations = 1u << 24;
    iterations = 1;
    for (;;) {
      if (plugin::cancelled(&params)) return plugin::fail(GP_ERR_CANCELLED, "cancelled");
      const double seconds = run_batch(iterations, true);
      if (seconds >= target || iterations >= max_iterations) {
        // A calibration batch that already lasts long enough is a valid sample: slow
        // kernels (big matmuls on software devices) then pay for one launch less.
        samples.push_back(seconds);
        break;
      }
      // Aim 20 % past the target so noise does not leave a sample just short of it.
      double grow = seconds > 0 ? 1.2 * target / seconds : 16.0;
      if (grow > 16.0) grow = 16.0;
      if (grow < 2.0) grow = 2.0;
      const double next = iterations * grow;
      iterations = next > max_iterations ? max_iterations : static_cast<uint32_t>(next);
    }
  }
  double spent_seconds = 0;
  for (double seconds : samples) spent_seconds += seconds;
  while (sampling::should_stop(rule, samples, spent_seconds) == sampling::Stop::Continue) {
    if (plugin::cancelled(&params)) return plugin::fail(GP_ERR_CANCELLED, "cancelled");
    samples.push_back(run_batch(iterations, true));
    spent_seconds += samples.back();
  }
  result.sample_count = static_cast<uint32_t>(samples.size());
  for (size_t s = 0; s < samples.size(); ++s) result.sample_seconds[s] = samples[s];
  result.iterations = iterations;
  return GP_OK;
}

}  // namespace gpuprobe::kit
