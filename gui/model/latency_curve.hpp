// The memory-latency curve: pointer_chase ns/load against working-set size, one series
// per column, with the cache levels found in the data (knees) and, where a device reports
// them, its cache sizes from device info.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/columns.hpp"

namespace gpuprobe::gui {

struct CurvePoint {
  double x = 0, y = 0;
  const Measurement* point = nullptr;
};

// A jump in latency: working sets up to `last_fit_bytes` stayed at `latency_before`; the
// next measured size (`first_miss_bytes`) was `ratio` times slower. The level that ends
// here is `level` ("L1", "L2", ...); the one after the last knee is main memory.
struct Knee {
  double last_fit_bytes = 0, first_miss_bytes = 0;
  double latency_before = 0, latency_after = 0;
  double ratio = 0;
  std::string level;
};

// A named plateau of the curve: sizes [from, to] all within the same level.
struct Plateau {
  std::string level;
  double from_bytes = 0, to_bytes = 0;
  double latency = 0;  // lowest latency of the plateau (its best case)
};

struct CacheMarker {
  std::string key;     // device info key it came from: "cache_llc_bytes"
  double bytes = 0;
};

struct LatencyCurve {
  size_t column = 0;
  std::vector<CurvePoint> points;  // x: working set bytes (effective), y: ns/load
  std::vector<Knee> knees;
  std::vector<Plateau> plateaus;
  std::vector<CacheMarker> markers;
};

// Knees where latency rises by at least `jump_ratio` over the lowest latency of the
// current plateau. Comparing with the plateau's start, not the previous point, also
// catches a level that fills gradually across several sizes.
std::vector<Knee> detect_knees(const std::vector<CurvePoint>& sorted_points, double jump_ratio = 1.5);
std::vector<Plateau> plateaus_from(const std::vector<CurvePoint>& sorted_points, const std::vector<Knee>& knees);

// One curve per column with at least two Ok pointer_chase points.
std::vector<LatencyCurve> latency_curves(const std::vector<Column>& columns, double jump_ratio = 1.5);

// Device info keys of the form cache_*_bytes with an integer value.
std::vector<CacheMarker> cache_markers(const DeviceInfo& device);

}  // namespace gpuprobe::gui
