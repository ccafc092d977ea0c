// The Files panel's comparison of the open result files: the same rows, cells and ratios to
// the first file as `gpuprobe compare` (gpuprobe/compare.hpp builds both), copied out as
// text so the panel holds no pointer into a file that may be closed.
#pragma once

#include <string>
#include <vector>

#include "model/workspace.hpp"

namespace gpuprobe::gui {

struct FilesComparisonRow {
  std::string heading;             // "read [GB/s, higher is better]"; the same for a kernel's rows
  std::string params;              // "1 MiB w4"
  std::vector<std::string> cells;  // one per column: "80.0 ±0.3% (0.80x)"
};

struct FilesComparison {
  std::vector<std::string> columns;  // "cpu:0 AMD EPYC [a.json]" (file name, not path)
  std::vector<FilesComparisonRow> rows;
  std::vector<std::string> partial;  // "only in b.json: write 1 GiB w4 (not in a.json)"
  std::string error;                 // why the files cannot be compared (shown instead)
  bool shown() const { return !columns.empty() || !error.empty(); }
};

// Empty (not shown) with fewer than two files open.
FilesComparison compare_open_files(const std::vector<LoadedFile>& files);

// The comparison as lines of text: a scripted run logs it next to the Files screenshot.
std::string files_comparison_text(const FilesComparison& c);

}  // namespace gpuprobe::gui
