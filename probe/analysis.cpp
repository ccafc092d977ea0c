#include "gpuprobe/analysis.hpp"

#include <algorithm>
#include <cstdio>

#include "gpuprobe/report_format.hpp"

namespace gpuprobe {
namespace {

using Curve = std::vector<std::pair<uint64_t, double>>;  // (working set, ns/load)

MemoryLevel summarize_plateau(const Curve& plateau) {
  std::vector<double> latencies;
  for (const auto& p : plateau) latencies.push_back(p.second);
  std::sort(latencies.begin(), latencies.end());
  MemoryLevel level;
  level.min_size_bytes = plateau.front().first;
  level.max_size_bytes = plateau.back().first;
  level.latency_ns = latencies[latencies.size() / 2];
  return level;
}

}  // namespace

std::vector<MemoryLevel> detect_memory_levels(const KernelResult& chase, const CacheSizes& caches,
                                              double jump) {
  Curve curve;
  for (const auto& p : chase.points)
    if (p.status == MeasurementStatus::Ok)
      curve.emplace_back(p.effective.size_bytes, p.figure.median);
  std::sort(curve.begin(), curve.end());

  // Split at the knees: a latency above `jump` x the plateau's first latency.
  std::vector<Curve> plateaus;
  for (const auto& point : curve) {
    if (plateaus.empty() || point.second > plateaus.back().front().second * jump)
      plateaus.emplace_back();
    plateaus.back().push_back(point);
  }

  // Name each plateau by where it starts against the cache sizes the device reports. The
  // last plateau is DRAM when it reaches past the last-level cache: those working sets
  // cost the same as ones that cannot fit. Without sizes, names go by position.
  std::vector<MemoryLevel> levels;
  for (size_t i = 0; i < plateaus.size(); ++i) {
    MemoryLevel level = summarize_plateau(plateaus[i]);
    const bool last = i + 1 == plateaus.size();
    const uint64_t start = level.min_size_bytes;
    if (last && i > 0 && (caches.llc ? level.max_size_bytes > caches.llc : plateaus.size() >= 3))
      level.name = "DRAM";
    else if (caches.l1 && start < caches.l1)
      level.name = "L1";
    else if (caches.l2 && start < caches.l2)
      level.name = "L2";
    else if (caches.llc && start < caches.llc)
      level.name = caches.l2 ? "LLC" : "";  // without L2's size: decided below
    else if (caches.llc)
      level.name = "DRAM";
    levels.push_back(level);
  }
  // Unknown L1/L2: count up from L1, and call the last level inside the LLC "LLC".
  int position = 1;
  for (size_t i = 0; i < levels.size(); ++i) {
    if (!levels[i].name.empty()) continue;
    const bool next_is_beyond = i + 1 == levels.size() || levels[i + 1].name == "DRAM";
    levels[i].name = caches.llc && next_is_beyond && i > 0 ? "LLC" : "L" + std::to_string(position);
    ++position;
  }
  // Noise can split one level in two: merge neighbours that got the same name.
  std::vector<MemoryLevel> merged;
  for (auto& level : levels) {
    if (!merged.empty() && merged.back().name == level.name) {
      MemoryLevel& prev = merged.back();
      prev.max_size_bytes = level.max_size_bytes;
      prev.latency_ns = std::min(prev.latency_ns, level.latency_ns);
      continue;
    }
    merged.push_back(level);
  }
  return merged;
}

std::vector<MemoryLevel> detect_memory_levels(const KernelResult& chase, uint64_t llc_bytes,
                                              double jump) {
  return detect_memory_levels(chase, CacheSizes{0, 0, llc_bytes}, jump);
}

CacheSizes cache_sizes_of(const DeviceInfo& device) {
  auto get = [&](const char* key) -> uint64_t {
    const auto v = device.find_int(key);
    return v && *v > 0 ? uint64_t(*v) : 0;
  };
  CacheSizes c{get("cache_l1d_bytes"), get("cache_l2_bytes"), get("cache_llc_bytes")};
  if (!c.llc) c.llc = get("global_mem_cache_bytes");
  return c;
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
