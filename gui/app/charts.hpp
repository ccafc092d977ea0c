// Charts drawn with ImGui's draw lists: grouped bars per kernel family, the memory-latency
// curve, the latency-hiding curve and the matmul ladder. Each takes the model's data,
// draws at the cursor across the available width, shows a tooltip for the bar or point
// under the mouse and returns its rectangle (for Export PNG).
#pragma once

#include <vector>

#include "app/screenshot.hpp"
#include "model/columns.hpp"
#include "model/family_bars.hpp"
#include "model/history_browser.hpp"
#include "model/latency_curve.hpp"
#include "model/latency_hiding.hpp"
#include "model/matmul_ladder.hpp"

namespace gpuprobe::gui {

ScreenRect draw_family_chart(const char* id, const FamilyChart& chart,
                             const std::vector<Column>& columns, float height, bool log_y);
ScreenRect draw_latency_chart(const char* id, const std::vector<LatencyCurve>& curves,
                              const std::vector<Column>& columns, float height);
ScreenRect draw_hiding_chart(const char* id, const std::vector<HidingCurve>& curves,
                             const std::vector<Column>& columns, float height);
// Height follows the number of rungs.
ScreenRect draw_ladder_chart(const char* id, const std::vector<MatmulLadder>& ladders,
                             const std::vector<Column>& columns);

// One kernel's figures over stored runs (History panel): a line per series through the
// medians, a bar from min to max at each run (the measured spread), runs along the x axis.
ScreenRect draw_trend_chart(const char* id, const std::vector<TrendSeries>& series, float height);

}  // namespace gpuprobe::gui
