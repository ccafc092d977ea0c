#include "model/latency_hiding.hpp"

#include <algorithm>

namespace gpuprobe::gui {

std::vector<HidingCurve> latency_hiding_curves(const std::vector<Column>& columns,
                                               double saturation_share) {
  std::vector<HidingCurve> curves;
  for (const Column& c : columns) {
    const KernelResult* kr = c.result->find("latency_hiding");
    if (!kr) continue;
    HidingCurve curve;
    curve.column = c.index;
    for (const auto& p : kr->points) {
      if (p.status != MeasurementStatus::Ok) continue;
      // The sweep's variable is the parallelism offered. A device may keep fewer in
      // flight (the CPU backend caps work-items at its threads); the tooltip shows what
      // was launched, and the flattening curve shows the cap.
      const uint64_t items =
          p.requested.work_items ? p.requested.work_items : p.effective.work_items;
      if (items == 0) continue;
      curve.points.push_back({double(items), p.figure.median, &p});
    }
    if (curve.points.empty()) continue;
    std::sort(curve.points.begin(), curve.points.end(),
              [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
    for (const auto& p : curve.points) curve.peak = std::max(curve.peak, p.y);
    for (const auto& p : curve.points)
      if (p.y >= saturation_share * curve.peak) {
        curve.saturation_items = p.x;
        break;
      }
    curves.push_back(std::move(curve));
  }
  return curves;
}

}  // namespace gpuprobe::gui
