// What every kernel run shares: the run's inputs and outputs with its launch ledger, the
// kernel entries (one per kernels.def id, dispatched through kit/kernel_table.inl), the
// clamping of the working set to what the device allows (said in the note) and the
// sampling loop over a BatchTimer with the kit's launch keys and poison.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "gpuprobe/plugin.h"
#include "kit/sampling.hpp"
#include "vk_batch_timer.hpp"
#include "vk_buffer.hpp"
#include "vk_context.hpp"

namespace gpuprobe::vk {

struct KernelRun {
  Context& context;
  const gp_run_params& params;
  gp_run_result& result;
  kit::Ledger ledger{};
  const PhysicalDevice& physical() const { return context.physical(); }
  // Launches since poison(): what accumulating outputs (read slots, the chase position)
  // hold on top of their poison.
  uint64_t timed_launches() const { return ledger.launches - params.warmup; }
};

// One kernel of kernels.def as this backend runs it. A kernel Vulkan never runs has no
// `run` and says why in `unsupported` (all of them in unsupported_kernels.cpp).
struct KernelEntry {
  // Throws plugin::Error when the kernel cannot run on this device with these params
  // (null: it always can).
  void (*check_supported)(const PhysicalDevice& device, const gp_run_params& params);
  gp_status (*run)(KernelRun& run);
  const char* unsupported = nullptr;
};

#define GPUPROBE_KIT_ENTRY KernelEntry
#include "kit/kernel_table.inl"

// Shared support check of the streaming kernels: vector_width 1, 2, 4, 8 or 16.
void check_vector_width(const PhysicalDevice& device, const gp_run_params& params);

enum class Binding { Storage, TransferOnly };

// Bytes per buffer the run may use: `requested` rounded down to `granularity`, then
// limited by maxMemoryAllocationSize, maxStorageBufferRange (buffers bound to a shader) and
// the device-local heap shared by `buffers` buffers. Every change
// is explained in result.note (kit::round_down_and_note, kit::limit_and_note).
uint64_t clamp_working_set(KernelRun& run, uint64_t requested, uint32_t buffers, Binding binding,
                           uint64_t granularity);

// Workgroup size for 1-D kernels: 256, or the device's maximum when smaller.
uint32_t workgroup_size(const PhysicalDevice& physical);

// Invocations when params.work_items is 0: enough to fill a GPU; CPU devices (lavapipe)
// get far fewer, since their few cores gain nothing from more and pay per invocation.
uint64_t default_invocations(const PhysicalDevice& physical, uint64_t gpu_default,
                             uint64_t cpu_default);

// Limit 1-D invocations to what one dispatch can launch (maxComputeWorkGroupCount[0]
// workgroups), noting it when `invocations` is cut.
uint64_t clamp_invocations(KernelRun& run, uint64_t invocations, uint32_t group_size);

// The launch tally of kernels whose output each launch overwrites: a one-word buffer bound
// as the shader's last binding, where invocation 0 of every launch adds 1, so a launch that
// was never recorded leaves it short. reset() goes into the run's poison(); check() after
// the run (after kit::begin_checks) compares it with the timed launches plus
// `leading_launches` recorded beyond the plan (kit::check_launch_tally).
struct LaunchTally {
  explicit LaunchTally(Context& context);
  void reset(Context& context) const;
  void check(KernelRun& run, uint64_t leading_launches = 0) const;
  Buffer word;
};

// Warm-up, poison, calibration and samples (kit::collect_samples) over `timer`; records
// result.timer and, for the host clock, why. `poison` sets the outputs to a value no
// launch stores (fill_words with kit::kPoisonWord or NaN bits).
gp_status collect(KernelRun& run, BatchTimer& timer, const std::function<void()>& poison);

}  // namespace gpuprobe::vk
