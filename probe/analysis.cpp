#include "gpuprobe/analysis.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "gpuprobe/report_format.hpp"

namespace gpuprobe {
namespace {

struct CurvePoint {
  uint64_t size = 0;  // working set
  double ns = 0;      // median ns/load
  double cv = 0;      // the point's own spread (coefficient of variation)
};
using Curve = std::vector<CurvePoint>;

MemoryLevel summarize_plateau(const Curve& plateau) {
  std::vector<double> latencies;
  for (const auto& p : plateau) latencies.push_back(p.ns);
  std::sort(latencies.begin(), latencies.end());
  MemoryLevel level;
  level.min_size_bytes = plateau.front().size;
  level.max_size_bytes = plateau.back().size;
  level.latency_ns = latencies[latencies.size() / 2];
  return level;
}

Curve ok_points(const KernelResult& chase) {
  Curve curve;
  for (const auto& p : chase.points)
    if (p.status == MeasurementStatus::Ok && p.effective.size_bytes > 0)
      curve.push_back({p.effective.size_bytes, p.figure.median, p.figure.cv});
  std::sort(curve.begin(), curve.end(),
            [](const CurvePoint& a, const CurvePoint& b) { return a.size < b.size; });
  return curve;
}

// Split at the knees: a latency above `jump` x the plateau's first latency.
std::vector<Curve> split_plateaus(const Curve& curve, double jump) {
  std::vector<Curve> plateaus;
  for (const auto& point : curve) {
    if (plateaus.empty() || point.ns > plateaus.back().front().ns * jump) plateaus.emplace_back();
    plateaus.back().push_back(point);
  }
  return plateaus;
}

// Index of the first point of the curve's last plateau, counted back from the largest size:
// each step up to the next size stays within `jump`, and the whole plateau within jump^2
// (DRAM latency creeps up with the working set as TLB reach runs out, ~2x over 16x in size
// on a VM, without a new level; a cache's exit spread over several sizes climbs further).
// A step is measured by noisy points: it stays on the plateau while it is within `jump`
// widened by the two points' own spread (one coefficient of variation each), so a 1.68x
// creep between points of 2 % and 6 % CV does not pass for a new level on a shared host.
size_t last_plateau_start(const Curve& curve, double jump) {
  size_t start = curve.size() - 1;
  auto same_level = [&](size_t i) {
    const double spread = 1 + curve[i - 1].cv + curve[i].cv;
    return curve[i - 1].ns * jump * spread >= curve[i].ns &&
           curve[i - 1].ns * jump * jump >= curve.back().ns;
  };
  while (start > 0 && same_level(start)) --start;
  return start;
}

}  // namespace

std::optional<uint64_t> measured_dram_knee(const KernelResult& chase, double jump) {
  const Curve curve = ok_points(chase);
  if (curve.size() < 3) return std::nullopt;
  const size_t start = last_plateau_start(curve, jump);
  if (start == 0) return std::nullopt;  // no knee: the whole curve is one level
  const uint64_t knee = curve[start].size, top = curve.back().size;
  if (top < 4 * knee || top < kDramProbeMinBytes) return std::nullopt;
  return knee;
}

CacheSizes trusted_cache_sizes(const CacheSizes& reported, std::optional<uint64_t> dram_knee) {
  if (!dram_knee) return reported;
  auto trust = [&](uint64_t size) {
    return double(size) > kCacheContradictionRatio * double(*dram_knee) ? 0 : size;
  };
  return {trust(reported.l1), trust(reported.l2), trust(reported.llc)};
}

CacheEvidence compare_cache_report(uint64_t reported_llc, const KernelResult* chase,
                                   const std::string& reported_by) {
  CacheEvidence e;
  e.reported_llc_bytes = reported_llc;
  if (chase)
    if (const auto knee = measured_dram_knee(*chase)) e.measured_knee_bytes = *knee;
  e.contradicted = reported_llc && e.measured_knee_bytes &&
                   double(reported_llc) > kCacheContradictionRatio * double(e.measured_knee_bytes);
  if (e.contradicted)
    e.note = reported_by + " reports a " + format_bytes(reported_llc) +
             " last-level cache; the chase reaches DRAM latency at " +
             format_bytes(e.measured_knee_bytes) + ", so the measured size is used";
  return e;
}

std::vector<MemoryLevel> detect_memory_levels(const KernelResult& chase, const CacheSizes& reported,
                                              double jump) {
  Curve curve = ok_points(chase);
  if (curve.empty()) return {};
  const std::optional<uint64_t> knee = measured_dram_knee(chase, jump);
  const CacheSizes caches = trusted_cache_sizes(reported, knee);

  // Where the curve reaches DRAM, everything from the knee on is one level, however much
  // the latency still creeps up with the working set (TLB reach, page walks).
  Curve dram;
  if (knee) {
    const auto first =
        std::find_if(curve.begin(), curve.end(), [&](const auto& p) { return p.size >= *knee; });
    dram.assign(first, curve.end());
    curve.erase(first, curve.end());
  }
  std::vector<Curve> plateaus = split_plateaus(curve, jump);

  // Name each cache plateau by where it starts against the trusted cache sizes. Without a
  // measured knee, the last plateau is DRAM when it reaches past the last-level cache:
  // those working sets cost the same as ones that cannot fit.
  std::vector<MemoryLevel> levels;
  for (size_t i = 0; i < plateaus.size(); ++i) {
    MemoryLevel level = summarize_plateau(plateaus[i]);
    const bool last = i + 1 == plateaus.size();
    const uint64_t start = level.min_size_bytes;
    if (!knee && last && i > 0 &&
        (caches.llc ? level.max_size_bytes > caches.llc : plateaus.size() >= 3))
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
  if (!dram.empty()) {
    MemoryLevel level = summarize_plateau(dram);
    level.name = "DRAM";
    levels.push_back(level);
  }
  // Levels no trusted size names count on from the cache level before them (L3 after L2);
  // the last one inside a trusted LLC is the LLC.
  int previous = 0;  // number of the last L<n> level so far
  for (size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].name.size() > 1 && levels[i].name[0] == 'L' && levels[i].name != "LLC") {
      previous = std::max(previous, std::atoi(levels[i].name.c_str() + 1));
      continue;
    }
    if (!levels[i].name.empty()) continue;
    const bool next_is_beyond = i + 1 == levels.size() || levels[i + 1].name == "DRAM";
    if (caches.llc && next_is_beyond && i > 0) {
      levels[i].name = "LLC";
    } else {
      levels[i].name = "L" + std::to_string(++previous);
    }
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
