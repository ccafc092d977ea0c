// The suite's time budget per point: which planned points to skip, and why.
#pragma once

#include <string>

#include "gpuprobe/session.hpp"
#include "suite_plan.hpp"

namespace gpuprobe {

// "" when `point` may run; otherwise the reason it is skipped, with its estimated time.
std::string estimate_over_budget(const DeviceResult& device, const PlannedPoint& point,
                                 const RunOptions& options);

}  // namespace gpuprobe
