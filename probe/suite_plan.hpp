// The suite's policy: which points each kernel is measured at on a given device.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/report_format.hpp"
#include "gpuprobe/results.hpp"
#include "gpuprobe/session.hpp"

namespace gpuprobe {

struct PlannedPoint {
  const KernelSpec* kernel;
  KernelParams params;
};

// DRAM working sets are never smaller than this: larger than the biggest caches a chase of
// this ladder can miss (a GPU's 50-96 MiB L2, a 96 MiB stacked L3).
inline constexpr uint64_t kDramFloorBytes = uint64_t{128} << 20;
// A reported last-level cache above this is not believed without a chase (the largest
// shipped is AMD MI300X's 256 MiB Infinity Cache).
inline constexpr uint64_t kPlausibleLlcBytes = uint64_t{256} << 20;

// Whether the suite runs the pointer chase first and sizes its DRAM points from the knee it
// measures: the chase is among the kernels and the sizes are the suite's own (not --sizes).
bool chase_sizes_dram(const RunOptions& options);

// The pointer-chase sweep alone, smallest size first, so it can run before the rest.
std::vector<PlannedPoint> plan_chase(const DeviceInfo& device, const RunOptions& options);

// Whether the chase measured so far already settles where DRAM starts, so larger sizes of
// the quick sweep add nothing (the full sweep always runs to its end).
bool chase_is_settled(const KernelResult& chase_so_far, const RunOptions& options);

// The working set every DRAM figure uses on `device` (read/write/copy at their largest size,
// latency_hiding): from the measured DRAM knee when `chase` shows one, else from the
// reported last-level cache with absurd reports capped. Says which, and why, in `basis`.
// Shared-memory devices (device_type CPU, host-unified memory) see the host's caches.
MemoryPlan plan_dram_working_set(const DeviceInfo& device, uint64_t host_llc_bytes,
                                 const RunOptions& options, const KernelResult* chase);

// Every point of the suite on `device`, DRAM points at `dram_bytes`.
std::vector<PlannedPoint> plan_suite(const DeviceInfo& device, const RunOptions& options,
                                     uint64_t dram_bytes);

}  // namespace gpuprobe
