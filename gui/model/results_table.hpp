// The results table: one row per kernel and measured point, one column per device/API.
// Rows follow kernels.def order, so a kernel added there shows up without GUI changes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/columns.hpp"
#include "model/spec_rows.hpp"

namespace gpuprobe::gui {

struct ResultRow {
  std::string kernel, family, unit, params;
  bool lower_is_better = false;           // latencies
  std::vector<const Measurement*> cells;  // per column; nullptr: not measured there
  std::optional<size_t> best_column;      // best Ok figure in the row (none if < 2 Ok cells)
};

struct ResultsTable {
  std::vector<Column> columns;
  std::vector<ResultRow> rows;
  std::vector<SpecRow> spec_rows;  // shares of the spec sheet, above the kernel rows
};

ResultsTable build_results_table(const std::vector<const RunReport*>& reports);

}  // namespace gpuprobe::gui
