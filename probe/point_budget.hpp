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

std::string estimate_over_budget(const DeviceResult& device, const PlannedPoint& point,
                                 const RunOptions& options);

}  // namespace gpuprobe
