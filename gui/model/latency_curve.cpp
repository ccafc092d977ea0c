#include "model/latency_curve.hpp"

#include <algorithm>

namespace gpuprobe::gui {

std::vector<Knee> knees_between(const std::vector<MemoryLevel>& levels) {
  std::vector<Knee> knees;
  for (size_t i = 0; i + 1 < levels.size(); ++i) {
    const MemoryLevel& a = levels[i];
    const MemoryLevel& b = levels[i + 1];
    Knee k;
    k.last_fit_bytes = double(a.max_size_bytes);
    k.first_miss_bytes = double(b.min_size_bytes);
    k.latency_before = a.latency_ns;
    k.latency_after = b.latency_ns;
    k.ratio = a.latency_ns > 0 ? b.latency_ns / a.latency_ns : 0;
    k.level = a.name;
    knees.push_back(k);
  }
  return knees;
}

std::vector<CacheMarker> cache_markers(const DeviceInfo& device) {
  std::vector<CacheMarker> out;
  for (const auto& v : device.info) {
    const std::string& key = v.key;
    if (key.rfind("cache_", 0) != 0 || key.size() < 12 ||
        key.compare(key.size() - 6, 6, "_bytes") != 0)
      continue;
    if (auto i = std::get_if<int64_t>(&v.value); i && *i > 0) out.push_back({key, double(*i)});
  }
  std::sort(out.begin(), out.end(),
            [](const CacheMarker& a, const CacheMarker& b) { return a.bytes < b.bytes; });
  return out;
}

MemoryNote memory_note(const DeviceResult& result) {
  if (result.memory.dram_working_set_bytes)
    return {result.memory.reported_llc_contradicted, "DRAM working set " + result.memory.basis};
  const CacheEvidence e = compare_cache_report(cache_sizes_of(result.device).llc,
                                               result.find("pointer_chase"), "the device");
  return {e.contradicted, e.note};
}

std::vector<LatencyCurve> latency_curves(const std::vector<Column>& columns) {
  std::vector<LatencyCurve> curves;
  for (const Column& c : columns) {
    const KernelResult* kr = c.result->find("pointer_chase");
    if (!kr) continue;
    LatencyCurve curve;
    curve.column = c.index;
    for (const auto& p : kr->points) {
      if (p.status != MeasurementStatus::Ok || p.effective.size_bytes == 0) continue;
      curve.points.push_back({double(p.effective.size_bytes), p.figure.median, &p});
    }
    if (curve.points.size() < 2) continue;
    std::sort(curve.points.begin(), curve.points.end(),
              [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
    // Levels come from the curve; reported sizes name them where the curve agrees, exactly
    // as the CLI does.
    curve.levels = detect_memory_levels(*kr, cache_sizes_of(c.result->device));
    curve.knees = knees_between(curve.levels);
    curve.markers = cache_markers(c.result->device);
    curve.memory = memory_note(*c.result);
    curves.push_back(std::move(curve));
  }
  return curves;
}

}  // namespace gpuprobe::gui
