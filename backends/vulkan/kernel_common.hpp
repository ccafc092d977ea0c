// What every kernel run shares: the run's inputs and outputs, the clamping of the working
// set to what the device allows (said in the note), the sampling loop over a BatchTimer and
// the verification verdict.
#pragma once

#include <cstdint>
#include <string>

#include "gpuprobe/plugin.h"
#include "vk_batch_timer.hpp"
#include "vk_context.hpp"

namespace gpuprobe::vk {

struct KernelRun {
  Context& context;
  const gp_run_params& params;
  gp_run_result& result;
  const PhysicalDevice& physical() const { return context.physical(); }
};

// One entry per kernel (kernel_*.cpp).
gp_status run_read(KernelRun& run);
gp_status run_write(KernelRun& run);
gp_status run_copy(KernelRun& run);
gp_status run_latency_hiding(KernelRun& run);
gp_status run_pointer_chase(KernelRun& run);
gp_status run_launch_latency(KernelRun& run);
gp_status run_launch_gap(KernelRun& run);
gp_status run_transfer(KernelRun& run);  // transfer_h2d and transfer_d2h
gp_status run_local_bandwidth(KernelRun& run);
gp_status run_compute(KernelRun& run);  // compute_fp32/fp16/fp64/int32, register_bandwidth
gp_status run_matmul(KernelRun& run);   // matmul_naive, matmul_tiled

enum class Binding { Storage, TransferOnly };

// Bytes per buffer the run may use: `requested` rounded down to `granularity` (at least
// one granule), then limited by maxMemoryAllocationSize, maxStorageBufferRange (buffers
// bound to a shader) and the device-local heap shared by `buffers` buffers. Every change is
// explained in result.note.
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

// Warm-up, calibration and samples (plugin::collect_samples) over `timer`; records
// result.timer and, for the host clock, why.
gp_status collect(KernelRun& run, BatchTimer& timer);

// Verification verdicts.
void verification_passed(KernelRun& run);
void verification_failed(KernelRun& run, const std::string& where);

}  // namespace gpuprobe::vk
