// The suite's time budget per point: which planned points to skip, and why.
#pragma once

#include <string>

#include "gpuprobe/session.hpp"
#include "suite_plan.hpp"

namespace gpuprobe {

// "" when `point` may run; otherwise the reason it is skipped, with its estimated time.
// Seconds `point` is expected to take (a matmul point, from the largest shape of its kernel
// already measured on this device); 0 when there is no estimate.
double estimate_point_seconds(const DeviceResult& device, const PlannedPoint& point,
                              const RunOptions& options);

// The largest estimate for `point` from any kernel of its family measured on this device
// (naive, tiled and vendor matmul of the same shape): the watchdog's basis, so the first
// shape of a faster kernel is bounded by what a slower one took.
double family_estimate_seconds(const DeviceResult& device, const PlannedPoint& point,
                               const RunOptions& options);

std::string estimate_over_budget(const DeviceResult& device, const PlannedPoint& point,
                                 const RunOptions& options);

}  // namespace gpuprobe
