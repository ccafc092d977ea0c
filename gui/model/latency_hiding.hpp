// The latency-hiding curve: read bandwidth against work-items in flight, every column on
// one chart. A CPU saturates with a handful of threads; a GPU needs thousands.
#pragma once

#include <optional>
#include <vector>

#include "model/columns.hpp"
#include "model/latency_curve.hpp"

namespace gpuprobe::gui {

struct HidingCurve {
  size_t column = 0;
  std::vector<CurvePoint> points;  // x: work-items asked for, y: GB/s, sorted by x
  double peak = 0;                 // best bandwidth on the curve
  // Fewest work-items that reach `saturation_share` of the peak: how much parallelism
  // this device needs to hide its memory latency.
  std::optional<double> saturation_items;
};

std::vector<HidingCurve> latency_hiding_curves(const std::vector<Column>& columns,
                                               double saturation_share = 0.9);

}  // namespace gpuprobe::gui
