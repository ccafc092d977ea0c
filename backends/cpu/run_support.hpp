// Small helpers shared by the CPU kernels: timing a batch of launches, splitting work over
// the pool, sizing buffers, and filling in the result.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "context.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::cpu {

constexpr uint64_t kLineBytes = 64;
constexpr uint64_t kLineWords = kLineBytes / sizeof(uint32_t);

// The CPU's clock is the host's: seconds for `n` launches, each dispatched to the pool and
// joined (so the figure includes the launch overhead, as a GPU's back-to-back launches do).
template <typename Launch>
double time_launches(uint32_t n, Launch&& launch) {
  const auto start = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < n; ++i) launch();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Contiguous share of `units` for pool thread `index` of `count`.
struct Share {
  uint64_t begin, end;
  uint64_t size() const { return end - begin; }
};
inline Share share_of(uint64_t units, unsigned index, unsigned count) {
  return {units * index / count, units * (index + 1) / count};
}

// params.size_bytes clamped to max_alloc_bytes and rounded down to whole `granule`s, with
// a note when either changed it. Throws GP_ERR_INVALID_ARGUMENT below one granule.
uint64_t buffer_bytes(const Context& context, const gp_run_params& params, gp_run_result& result,
                      uint64_t granule);

// Touch every page of a fresh buffer on the pool, so page faults stay out of the timing.
void prefault(Context& context, void* data, uint64_t bytes);

// The core's sampling policy (plugin::collect_samples) over launches timed on the host
// clock. A cancel seen during the last batch also ends the run with GP_ERR_CANCELLED.
template <typename Launch>
gp_status time_samples(const gp_run_params& params, gp_run_result& result, Launch&& launch) {
  result.timer = GP_TIMER_HOST;
  const gp_status status = plugin::collect_samples(
      &params, &result, [&](uint32_t n) { return time_launches(n, launch); });
  if (status == GP_OK && plugin::cancelled(&params))
    return plugin::fail(GP_ERR_CANCELLED, "cancelled");
  return status;
}

std::string format_bytes(uint64_t bytes);

}  // namespace gpuprobe::cpu
