// Bar charts per kernel family: one group of bars per kernel (and variant such as pinned /
// pageable), one bar per column. Families come from kernels.def, so a new family gets a
// chart without GUI changes.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/columns.hpp"

namespace gpuprobe::gui {

struct BarValue {
  double value = 0;  // median in the chart's unit
  const Measurement* point = nullptr;
  std::string params;  // which point the bar shows ("512 MiB w4")
};

struct BarGroup {
  std::string label;                          // "read", "transfer_h2d pinned"
  std::vector<std::optional<BarValue>> bars;  // per column; empty: not measured / not ok
};

struct FamilyChart {
  std::string family, unit;
  bool lower_is_better = false;
  std::string basis;  // what a bar stands for, shown under the chart
  std::vector<BarGroup> groups;
};

// One chart per (family, unit) with at least one Ok figure, skipping `skip_families`
// (families drawn as curves or ladders). A bar is the best median at the kernel's largest
// requested working set: for sized kernels that is the DRAM figure, not a cache-resident one.
std::vector<FamilyChart> family_charts(const std::vector<Column>& columns,
                                       const std::set<std::string>& skip_families);

}  // namespace gpuprobe::gui
