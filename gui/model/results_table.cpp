#include "model/results_table.hpp"

#include <algorithm>
#include <map>

#include "gpuprobe/kernels.hpp"
#include "model/text.hpp"

namespace gpuprobe::gui {
namespace {

// Kernels unknown to this build (a newer file) sort after the known ones.
size_t kernel_order(const std::string& kernel) {
  const auto& specs = kernel_specs();
  for (size_t i = 0; i < specs.size(); ++i)
    if (specs[i].name == kernel) return i;
  return specs.size();
}

}  // namespace

ResultsTable build_results_table(const std::vector<const RunReport*>& reports) {
  ResultsTable table;
  table.columns = build_columns(reports);
  table.spec_rows = build_spec_rows(table.columns);
  const size_t ncol = table.columns.size();

  std::map<std::string, size_t> index;  // kernel|params -> row
  for (const Column& c : table.columns)
    for (const auto& k : c.result->kernels)
      for (const auto& p : k.points) {
        const std::string params = params_text(k.kernel, p.requested);
        const std::string key = k.kernel + "|" + params;
        auto it = index.find(key);
        if (it == index.end()) {
          it = index.emplace(key, table.rows.size()).first;
          ResultRow row;
          row.kernel = k.kernel;
          row.family = k.family;
          row.unit = k.unit;
          row.params = params;
          const KernelSpec* spec = find_kernel(k.kernel);
          row.lower_is_better = spec && spec->metric == GP_METRIC_LATENCY;
          row.cells.assign(ncol, nullptr);
          table.rows.push_back(std::move(row));
        }
        table.rows[it->second].cells[c.index] = &p;
      }

  // Stable: points of a kernel keep the order the suite measured them in.
  std::stable_sort(table.rows.begin(), table.rows.end(),
                   [](const ResultRow& a, const ResultRow& b) {
                     return kernel_order(a.kernel) < kernel_order(b.kernel);
                   });

  for (auto& row : table.rows) {
    size_t ok = 0;
    for (size_t c = 0; c < ncol; ++c) {
      const Measurement* m = row.cells[c];
      if (!m || m->status != MeasurementStatus::Ok) continue;
      ++ok;
      if (!row.best_column) {
        row.best_column = c;
        continue;
      }
      const double best = row.cells[*row.best_column]->figure.median;
      if (row.lower_is_better ? m->figure.median < best : m->figure.median > best)
        row.best_column = c;
    }
    if (ok < 2) row.best_column.reset();  // "best of one" says nothing
  }
  return table;
}

}  // namespace gpuprobe::gui
