// Results: kernel rows x device/API columns (the live run and every opened file), median
// and spread in each cell, the full statistics on hover, the best figure of a row in green.
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/palette.hpp"
#include "app/widgets.hpp"
#include "gpuprobe/buyer_verdict.hpp"
#include "gpuprobe/kernels.hpp"
#include "model/text.hpp"
#include "model/window_device.hpp"
#include "panels/panels.hpp"

namespace gpuprobe::gui {
namespace {

ImVec4 cell_colour(const Measurement& m, bool best) {
  switch (m.status) {
    case MeasurementStatus::Ok:
      return best ? palette::kGood : ImGui::GetStyle().Colors[ImGuiCol_Text];
    case MeasurementStatus::VerificationFailed:
    case MeasurementStatus::Error:
      return palette::kBad;
    case MeasurementStatus::Unsupported:
    case MeasurementStatus::Skipped:
    case MeasurementStatus::Cancelled:
      return palette::kMuted;
  }
  return palette::kMuted;
}

}  // namespace

void draw_results_panel(App& app) {
  const ResultsTable& t = app.derived.table;
  if (t.columns.empty()) {
    muted(
        "No results yet. Start a run in the Run panel, or open result files (also from other "
        "machines) in the "
        "Files panel; each device/API becomes a column here.");
    return;
  }
  ImGui::TextDisabled(
      "median ±CV per cell; hover a cell for min/p90/max, samples, timer and notes; "
      "green: best of the row");
  ImGui::TextDisabled("%s", kMarksLegend);
  // Columns taken while this (or the file's) window drew on the same device: the window
  // competed with the benchmark there, so their figures may read low.
  std::vector<std::optional<std::string>> window_marks;
  for (const Column& c : t.columns)
    window_marks.push_back(
        window_mark(c.source.empty() ? app.live_origin() : c.report->origin, c.result->device));
  if (std::any_of(window_marks.begin(), window_marks.end(), [](const auto& m) { return m; }))
    ImGui::TextColored(palette::kWarn,
                       "W: taken while the GUI's window drew on the same device (hover the "
                       "header): compare with a CLI run before trusting these to a few percent");

  const int ncol = 3 + int(t.columns.size());
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("results", ncol, flags, ImGui::GetContentRegionAvail())) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(2, 1);
  ImGui::TableSetupColumn("kernel", ImGuiTableColumnFlags_WidthFixed, em * 8.5f);
  ImGui::TableSetupColumn("point", ImGuiTableColumnFlags_WidthFixed, em * 9.5f);
  ImGui::TableSetupColumn("unit", ImGuiTableColumnFlags_WidthFixed, em * 3.5f);
  const float cell_w = std::max(
      em * 9.0f, (ImGui::GetContentRegionAvail().x - em * 22) / float(t.columns.size()) - em);
  for (const Column& c : t.columns)
    ImGui::TableSetupColumn(c.short_label.c_str(), ImGuiTableColumnFlags_WidthFixed,
                            std::min(cell_w, em * 16));
  // Header with the column's colour swatch and full label on hover.
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int i = 0; i < ncol; ++i) {
    ImGui::TableSetColumnIndex(i);
    ImGui::PushID(i);
    const std::optional<std::string>* mark = i >= 3 ? &window_marks[size_t(i - 3)] : nullptr;
    if (i >= 3) {
      const Column& c = t.columns[size_t(i - 3)];
      ImGui::ColorButton("##swatch", palette::column_vec(c.index), ImGuiColorEditFlags_NoTooltip,
                         ImVec2(em * 0.7f, em * 0.7f));
      ImGui::SameLine(0, 4);
      if (*mark) {
        ImGui::TextColored(palette::kWarn, "W");
        tooltip_for_last_item(**mark);
        ImGui::SameLine(0, 4);
      }
    }
    ImGui::TableHeader(ImGui::TableGetColumnName(i));
    if (i >= 3)
      tooltip_for_last_item(t.columns[size_t(i - 3)].label + (*mark ? "\n" + **mark : ""));
    ImGui::PopID();
  }

  // What each device reached of its spec sheet (the CLI's "Measured vs spec sheet").
  for (size_t r = 0; r < t.spec_rows.size(); ++r) {
    const SpecRow& row = t.spec_rows[r];
    ImGui::TableNextRow();
    ImGui::PushID(int(t.rows.size() + r));
    ImGui::TableNextColumn();
    if (r == 0) {
      ImGui::TextColored(palette::kAccent, "spec sheet");
      tooltip_for_last_item(
          "The device's row of the spec database (shipped, plus --spec-file) and the share of "
          "each spec figure its best point reached. Below 85%: the check's threshold for a "
          "card that underdelivers.");
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.figure.c_str());
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", row.unit.c_str());
    for (const SpecCell& cell : row.cells) {
      ImGui::TableNextColumn();
      if (!cell.share)
        ImGui::TextDisabled("%s", cell.text.c_str());
      else
        ImGui::TextColored(cell.share->share() < kSpecShareFail
                               ? palette::kWarn
                               : ImGui::GetStyle().Colors[ImGuiCol_Text],
                           "%s", cell.text.c_str());
      tooltip_for_last_item(cell.detail);
    }
    ImGui::PopID();
  }

  std::string kernel;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const ResultRow& row = t.rows[r];
    ImGui::TableNextRow();
    ImGui::PushID(int(r));
    ImGui::TableNextColumn();
    if (row.kernel != kernel) {
      kernel = row.kernel;
      ImGui::TextColored(palette::kAccent, "%s", row.kernel.c_str());
      if (const KernelSpec* spec = find_kernel(row.kernel))
        tooltip_for_last_item(spec->family + ": " + spec->counting);
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.params.c_str());
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", row.unit.c_str());
    for (size_t c = 0; c < row.cells.size(); ++c) {
      ImGui::TableNextColumn();
      const Measurement* m = row.cells[c];
      if (!m) {
        ImGui::TextDisabled("-");
        continue;
      }
      const bool best = row.best_column && *row.best_column == c;
      const std::string& backend = t.columns[c].result->device.backend;
      ImGui::TextColored(cell_colour(*m, best), "%s", cell_text(*m, backend).c_str());
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::TextColored(palette::column_vec(c), "%s", t.columns[c].label.c_str());
        ImGui::Text("%s  %s", row.kernel.c_str(), row.params.c_str());
        ImGui::PushTextWrapPos(em * 36);
        ImGui::TextUnformatted(measurement_detail(*m, row.unit, backend).c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace gpuprobe::gui
