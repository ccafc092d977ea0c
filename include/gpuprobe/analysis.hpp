// Derived views of results that front-ends share: memory levels seen by the latency curve.
#pragma once

#include <optional>
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

// Where the chase reaches DRAM: the smallest working set from which the latency stays on
// the curve's last plateau (each step to the next size within `jump`, the whole plateau
// within jump^2: DRAM latency creeps up with the working set). Claimed only when
// the curve has a knee below it and runs on well past it (to >= 4x the knee and to
// >= kDramProbeMinBytes), so a sweep that stops inside the caches claims nothing.
inline constexpr uint64_t kDramProbeMinBytes = uint64_t{128} << 20;
std::optional<uint64_t> measured_dram_knee(const KernelResult& pointer_chase, double jump = 1.6);

// A reported cache this much larger than the measured DRAM knee is contradicted by the
// curve: a random chase over half a real cache still hits it, so DRAM latency at a working
// set of half the reported size or less means the device does not get that cache. (At 4x,
// a chase at DRAM latency from 128 MiB did not contradict a VM's 508 MiB L3, and the plan
// followed the report to a 1 GiB working set, several times the run's wall time.)
inline constexpr double kCacheContradictionRatio = 2.0;

// Reported sizes the measured curve contradicts, set to 0 (the curve does not trust them).
CacheSizes trusted_cache_sizes(const CacheSizes& reported, std::optional<uint64_t> dram_knee);

// The reported last-level cache against the measured DRAM knee, in plain words.
struct CacheEvidence {
  uint64_t reported_llc_bytes = 0;   // 0: nothing reported
  uint64_t measured_knee_bytes = 0;  // 0: the chase did not reach DRAM
  bool contradicted = false;         // reported > kCacheContradictionRatio x measured
  std::string note;                  // "reports a 508 MiB LLC; the chase reaches DRAM ..."
};
CacheEvidence compare_cache_report(uint64_t reported_llc_bytes, const KernelResult* pointer_chase,
                                   const std::string& reported_by = "the platform");

// Splits the curve at its knees: a point whose latency exceeds the current plateau's
// first latency by more than `jump` starts a new level. Where the chase reaches DRAM
// (measured_dram_knee) the last level is DRAM whatever the platform reports, and reported
// sizes the curve contradicts are ignored. The other levels are named by where they start
// against the trusted reported caches (L1, L2, LLC); levels no trusted size names count on
// from the level before (L3 after L2). Without a measured knee, the last level is DRAM when
// it reaches past the trusted LLC, or, without one, when there are at least 3 levels.
std::vector<MemoryLevel> detect_memory_levels(const KernelResult& pointer_chase,
                                              const CacheSizes& caches, double jump = 1.6);
std::vector<MemoryLevel> detect_memory_levels(const KernelResult& pointer_chase, uint64_t llc_bytes,
                                              double jump = 1.6);

std::string describe_memory_levels(const std::vector<MemoryLevel>& levels);

}  // namespace gpuprobe
