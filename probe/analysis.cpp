#include "gpuprobe/analysis.hpp"

#include <algorithm>
#include <cstdio>

#include "suite_plan.hpp"

namespace gpuprobe {

std::vector<MemoryLevel> detect_memory_levels(const KernelResult& chase, uint64_t llc_bytes,
                                              double jump) {
  std::vector<std::pair<uint64_t, double>> curve;  // (working set, ns/load)
  for (const auto& p : chase.points)
    if (p.status == MeasurementStatus::Ok)
      curve.emplace_back(p.effective.size_bytes, p.figure.median);
  std::sort(curve.begin(), curve.end());

  std::vector<std::vector<std::pair<uint64_t, double>>> plateaus;
  for (const auto& point : curve) {
    if (plateaus.empty() || point.second > plateaus.back().front().second * jump)
      plateaus.emplace_back();
    plateaus.back().push_back(point);
  }

  std::vector<MemoryLevel> levels;
  for (size_t i = 0; i < plateaus.size(); ++i) {
    auto& plateau = plateaus[i];
    std::vector<double> latencies;
    for (const auto& p : plateau) latencies.push_back(p.second);
    std::sort(latencies.begin(), latencies.end());
    MemoryLevel level;
    level.min_size_bytes = plateau.front().first;
    level.max_size_bytes = plateau.back().first;
    level.latency_ns = latencies[latencies.size() / 2];
    level.name = "L" + std::to_string(i + 1);
    levels.push_back(level);
  }
  if (!levels.empty()) {
    MemoryLevel& last = levels.back();
    const bool beyond_llc = llc_bytes ? last.max_size_bytes > llc_bytes : levels.size() >= 3;
    if (beyond_llc && levels.size() > 1) last.name = "DRAM";
  }
  return levels;
}

std::string describe_memory_levels(const std::vector<MemoryLevel>& levels) {
  std::string out;
  for (const auto& l : levels) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s%s %s..%s ~%.1f ns", out.empty() ? "" : "; ", l.name.c_str(),
                  format_bytes(l.min_size_bytes).c_str(), format_bytes(l.max_size_bytes).c_str(),
                  l.latency_ns);
    out += buf;
  }
  return out;
}

}  // namespace gpuprobe
