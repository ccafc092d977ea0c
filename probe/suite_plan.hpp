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

// Working set that is surely DRAM-resident on this device: at least 4x the larger of the
// device's and the host's last-level cache, as a power of two (shared-memory devices such
// as PoCL and lavapipe see the host's caches).
uint64_t dram_working_set_bytes(const DeviceInfo& device, uint64_t host_llc_bytes);

std::vector<PlannedPoint> plan_suite(const DeviceInfo& device, const RunOptions& options,
                                     uint64_t host_llc_bytes);

}  // namespace gpuprobe
