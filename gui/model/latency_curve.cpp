#include "model/latency_curve.hpp"

#include <algorithm>

namespace gpuprobe::gui {

std::vector<Knee> detect_knees(const std::vector<CurvePoint>& points, double jump_ratio) {
  std::vector<Knee> knees;
  if (points.size() < 2) return knees;
  double plateau_min = points[0].y;
  for (size_t i = 1; i < points.size(); ++i) {
    const CurvePoint& p = points[i];
    if (plateau_min > 0 && p.y >= plateau_min * jump_ratio) {
      Knee k;
      k.last_fit_bytes = points[i - 1].x;
      k.first_miss_bytes = p.x;
      k.latency_before = plateau_min;
      k.latency_after = p.y;
      k.ratio = p.y / plateau_min;
      k.level = "L" + std::to_string(knees.size() + 1);
      knees.push_back(k);
      plateau_min = p.y;
    } else {
      plateau_min = std::min(plateau_min, p.y);
    }
  }
  return knees;
}

std::vector<Plateau> plateaus_from(const std::vector<CurvePoint>& points, const std::vector<Knee>& knees) {
  std::vector<Plateau> out;
  if (points.empty()) return out;
  size_t k = 0;
  Plateau current{"", points[0].x, points[0].x, points[0].y};
  for (size_t i = 1; i < points.size(); ++i) {
    if (k < knees.size() && points[i].x == knees[k].first_miss_bytes) {
      current.level = knees[k].level;
      out.push_back(current);
      current = {"", points[i].x, points[i].x, points[i].y};
      ++k;
    } else {
      current.to_bytes = points[i].x;
      current.latency = std::min(current.latency, points[i].y);
    }
  }
  // After the last knee the chase misses every cache it found: main memory. With no knee
  // at all the whole range sat in one level and nothing can be said about which.
  current.level = knees.empty() ? "one level" : "memory";
  out.push_back(current);
  return out;
}

std::vector<CacheMarker> cache_markers(const DeviceInfo& device) {
  std::vector<CacheMarker> out;
  for (const auto& v : device.info) {
    const std::string& key = v.key;
    if (key.rfind("cache_", 0) != 0 || key.size() < 12 || key.compare(key.size() - 6, 6, "_bytes") != 0) continue;
    if (auto i = std::get_if<int64_t>(&v.value); i && *i > 0) out.push_back({key, double(*i)});
  }
  std::sort(out.begin(), out.end(), [](const CacheMarker& a, const CacheMarker& b) { return a.bytes < b.bytes; });
  return out;
}

std::vector<LatencyCurve> latency_curves(const std::vector<Column>& columns, double jump_ratio) {
  std::vector<LatencyCurve> curves;
  for (const Column& c : columns) {
    const KernelResult* kr = c.result->find("pointer_chase");
    if (!kr) continue;
    LatencyCurve curve;
    curve.column = c.index;
    for (const auto& p : kr->points) {
      if (p.status != MeasurementStatus::Ok) continue;
      const uint64_t size = p.effective.size_bytes ? p.effective.size_bytes : p.requested.size_bytes;
      if (size == 0) continue;
      curve.points.push_back({double(size), p.figure.median, &p});
    }
    if (curve.points.size() < 2) continue;
    std::sort(curve.points.begin(), curve.points.end(),
              [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
    curve.knees = detect_knees(curve.points, jump_ratio);
    curve.plateaus = plateaus_from(curve.points, curve.knees);
    curve.markers = cache_markers(c.result->device);
    curves.push_back(std::move(curve));
  }
  return curves;
}

}  // namespace gpuprobe::gui
