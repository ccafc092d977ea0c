// The memory-latency curve: pointer_chase ns/load against working-set size, one series
// per column, with the memory levels the core finds in the data (gpuprobe::
// detect_memory_levels, the same names the CLI prints under its table), the knees between
// them, and the cache sizes a device reports in its info.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gpuprobe/analysis.hpp"
#include "model/columns.hpp"

namespace gpuprobe::gui {

struct CurvePoint {
  double x = 0, y = 0;
  const Measurement* point = nullptr;
};

// Where one level ends: working sets up to `last_fit_bytes` stayed in `level`; the next
// measured size (`first_miss_bytes`) was `ratio` times slower.
struct Knee {
  double last_fit_bytes = 0, first_miss_bytes = 0;
  double latency_before = 0, latency_after = 0;
  double ratio = 0;
  std::string level;  // the level that ends here ("L1")
};

struct CacheMarker {
  std::string key;  // device info key it came from: "cache_llc_bytes"
  double bytes = 0;
};

// How the run sized a column's DRAM working set, and whether its chase contradicted the
// last-level cache the platform reports. Files without a recorded plan get the comparison
// from their chase and device info alone.
struct MemoryNote {
  bool contradicted = false;
  std::string text;  // empty: nothing to say
};
MemoryNote memory_note(const DeviceResult& result);

struct LatencyCurve {
  size_t column = 0;
  std::vector<CurvePoint> points;  // x: working set bytes (effective), y: ns/load, sorted
  std::vector<MemoryLevel> levels;
  std::vector<Knee> knees;  // between consecutive levels
  std::vector<CacheMarker> markers;
  MemoryNote memory;
};

std::vector<Knee> knees_between(const std::vector<MemoryLevel>& levels);

// One curve per column with at least two Ok pointer_chase points.
std::vector<LatencyCurve> latency_curves(const std::vector<Column>& columns);

// Device info keys of the form cache_*_bytes with a positive integer value, by size.
std::vector<CacheMarker> cache_markers(const DeviceInfo& device);

}  // namespace gpuprobe::gui
