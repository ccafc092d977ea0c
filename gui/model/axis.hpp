// Chart axes: where the ticks go and what they say. Pure arithmetic, so the charts stay
// drawing code and this stays testable.
#pragma once

#include <string>
#include <vector>

namespace gpuprobe::gui {

struct Tick {
  double value = 0;
  std::string label;
};

struct Range {
  double lo = 0, hi = 1;
};

// 1-2-5 steps covering [0, max] (rates: bars start at zero), about `target` ticks.
std::vector<Tick> linear_ticks(double max, int target = 5);
// Powers of two between lo and hi (bytes or work-items), thinned to at most `max_ticks`;
// labels via `bytes` ? "4 KiB" : "4K".
std::vector<Tick> log2_ticks(double lo, double hi, bool bytes, int max_ticks = 10);
// Decades (1, 10, 100, ...) between lo and hi for a log y axis, with 2 and 5 when few.
std::vector<Tick> log10_ticks(double lo, double hi);

// Axis range that holds every value, padded so points are not drawn on the frame.
Range log_range(double lo, double hi);
// Top of a linear axis from zero: the next 1-2-5 step above max.
double nice_ceiling(double max);

}  // namespace gpuprobe::gui
