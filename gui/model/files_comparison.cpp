#include "model/files_comparison.hpp"

#include <filesystem>
#include <stdexcept>

#include "gpuprobe/compare.hpp"

namespace gpuprobe::gui {

FilesComparison compare_open_files(const std::vector<LoadedFile>& files) {
  FilesComparison out;
  if (files.size() < 2) return out;
  std::vector<const RunReport*> reports;
  for (const auto& f : files) reports.push_back(f.report.get());
  try {
    const Comparison c = compare_reports(reports);
    // The file's name, not its whole path, keeps the header readable (the table above has it).
    for (const auto& col : c.columns)
      out.columns.push_back(col.device->device.backend + ":" +
                            std::to_string(col.device->device.index) + " " +
                            col.device->device.name + " [" +
                            std::filesystem::path(col.file).filename().string() + "]");
    for (const auto& row : c.rows) {
      FilesComparisonRow r{comparison_heading(row), row.params_text, {}};
      for (size_t i = 0; i < c.columns.size(); ++i)
        r.cells.push_back(comparison_cell_text(c, row, i, false));
      out.rows.push_back(std::move(r));
    }
    out.partial = partial_point_lines(c);
  } catch (const std::invalid_argument& e) {
    out.error = e.what();
  }
  return out;
}

std::string files_comparison_text(const FilesComparison& c) {
  if (!c.error.empty()) return "comparison: " + c.error + "\n";
  std::string out;
  for (const auto& r : c.rows) {
    out += "comparison: " + r.heading + " " + r.params + ":";
    for (size_t i = 0; i < r.cells.size(); ++i) out += (i ? " | " : " ") + r.cells[i];
    out += "\n";
  }
  for (const auto& p : c.partial) out += "comparison: " + p + "\n";
  return out;
}

}  // namespace gpuprobe::gui
