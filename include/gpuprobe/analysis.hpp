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

// Cache capacities a device reports (0: unknown).
struct CacheSizes {
  uint64_t l1 = 0, l2 = 0, llc = 0;
};
CacheSizes cache_sizes_of(const DeviceInfo& device);  // cache_l1d/l2/llc_bytes keys

// Splits the curve at its knees: a point whose latency exceeds the current plateau's
// first latency by more than `jump` starts a new level. Each level is named by where it
// starts against the reported caches (L1, L2, LLC); the last one is DRAM when it reaches
// past the LLC. Without cache sizes, names count up from L1 (and the last level is DRAM
// when there are at least 3).
std::vector<MemoryLevel> detect_memory_levels(const KernelResult& pointer_chase,
                                              const CacheSizes& caches, double jump = 1.6);
std::vector<MemoryLevel> detect_memory_levels(const KernelResult& pointer_chase, uint64_t llc_bytes,
                                              double jump = 1.6);

std::string describe_memory_levels(const std::vector<MemoryLevel>& levels);

}  // namespace gpuprobe
