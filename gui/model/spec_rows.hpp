// The Results panel's "spec sheet" rows: per column, the spec row its device matched (or
// why none did) and the share of each spec figure its results reached, the same comparison
// the CLI's table prints under "Measured vs spec sheet".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/spec_comparison.hpp"
#include "model/columns.hpp"

namespace gpuprobe::gui {

struct SpecCell {
  std::optional<SpecShare> share;
  std::string text;    // "41% of 1008" or "-"
  std::string detail;  // hover: measured figure, point, row, how it was matched
};

struct SpecRow {
  std::string figure;  // "spec row", "read bandwidth", "copy bandwidth", "fp32 compute", ...
  std::string unit;    // of the spec figure ("GB/s", "TFLOPS"); "" for the row names
  std::vector<SpecCell> cells;  // per column
};

// The row names first, then one row per figure any column reached a share of, in the order
// the comparison lists them. Empty when no column carries a comparison.
std::vector<SpecRow> build_spec_rows(const std::vector<Column>& columns);

}  // namespace gpuprobe::gui
