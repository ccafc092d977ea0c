#include "model/spec_rows.hpp"

#include <algorithm>
#include <cmath>

#include "model/text.hpp"

namespace gpuprobe::gui {
namespace {

std::string percent_of(const SpecShare& s) {
  return std::to_string(int(std::lround(s.share() * 100))) + "% of " + figure_text(s.spec);
}

std::string share_detail(const SpecShare& s, const SpecComparison& c) {
  const std::string point = s.params == "-" ? s.kernel : s.kernel + " " + s.params;
  return s.figure + ": " + figure_text(s.measured) + " of " + figure_text(s.spec) + " " + s.unit +
         " on the spec sheet (" + point + ", median of the best point)\nrow: " + c.row_name +
         " (by " + c.matched_by + "; " + c.row_origin + ")";
}

}  // namespace

std::vector<SpecRow> build_spec_rows(const std::vector<Column>& columns) {
  const bool any = std::any_of(columns.begin(), columns.end(),
                               [](const Column& c) { return c.result->spec.has_value(); });
  if (!any) return {};

  SpecRow names{"spec row", "", {}};
  std::vector<SpecRow> figures;
  for (const Column& c : columns) {
    SpecCell cell;
    if (!c.result->spec) {
      cell.text = "-";
      cell.detail = "not compared: the document has no spec comparison";
    } else if (!c.result->spec->recognised) {
      cell.text = "none";
      cell.detail = c.result->spec->note;
    } else {
      const SpecComparison& s = *c.result->spec;
      cell.text = s.row_name;
      cell.detail = s.row_name + " (by " + s.matched_by + "; " + s.row_origin + ")";
      if (s.shares.empty()) cell.detail += "\nno figure to compare (the row or the run lacks it)";
      for (const SpecShare& share : s.shares)
        if (std::none_of(figures.begin(), figures.end(),
                         [&](const SpecRow& r) { return r.figure == share.figure; }))
          figures.push_back({share.figure, share.unit, {}});
    }
    names.cells.push_back(std::move(cell));
  }
  for (SpecRow& row : figures)
    for (const Column& c : columns) {
      SpecCell cell{std::nullopt, "-", "no share: the spec row or the run lacks this figure"};
      // Several kernels can reach one figure (fp16 tensor: vendor GEMM and tensor-core
      // kernel): the cell shows the best, as the CLI's comparison leads with it.
      if (c.result->spec)
        for (const SpecShare& share : c.result->spec->shares)
          if (share.figure == row.figure && (!cell.share || share.share() > cell.share->share()))
            cell = {share, percent_of(share), share_detail(share, *c.result->spec)};
      row.cells.push_back(std::move(cell));
    }
  figures.insert(figures.begin(), std::move(names));
  return figures;
}

}  // namespace gpuprobe::gui
