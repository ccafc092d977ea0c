// Derived views of results that front-ends share: memory levels seen by the latency curve.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

// One plateau of the pointer-chase curve: working sets from min_size to max_size all see
// about the same latency, so they fit the same level of the hierarchy.
struct MemoryLevel {
  std::string name;  // "L1", "L2", "L3", "DRAM"
  uint64_t min_size_bytes = 0, max_size_bytes = 0;
  double latency_ns = 0;  // median latency over the plateau
};

// Splits the curve at its knees: a point whose latency exceeds the current plateau's
// first latency by more than `jump` starts a new level. Levels are named L1, L2, ...
// in order; the last one is named DRAM when its working sets exceed llc_bytes (pass 0
// when unknown: then the last level is DRAM only if there are at least 3 levels).
std::vector<MemoryLevel> detect_memory_levels(const KernelResult& pointer_chase, uint64_t llc_bytes,
                                              double jump = 1.6);

std::string describe_memory_levels(const std::vector<MemoryLevel>& levels);

}  // namespace gpuprobe
