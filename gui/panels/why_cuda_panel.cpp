// "Why CUDA wins": per card, the share of the spec-sheet bandwidth and compute each API
// reached, the matmul ladder from portable kernel to vendor library to tensor cores, and a
// feature matrix across APIs with the evidence for each cell. Every sentence and number comes from
// the results on screen (model/why_cuda); nothing here is canned.
#include <imgui.h>

#include <cstdio>

#include "app/app.hpp"
#include "app/palette.hpp"
#include "app/widgets.hpp"
#include "model/text.hpp"
#include "panels/panels.hpp"

namespace gpuprobe::gui {
namespace {

std::string api_of(const Column& c) {
  return c.result->device.api.empty() ? c.result->device.backend : c.result->device.api;
}

// Wide enough for the longest API name on this card ("CPU (threads + SIMD)").
float api_width(const CardVerdict& v, const std::vector<Column>& columns) {
  float w = ImGui::CalcTextSize("API").x;
  for (size_t c : v.columns) w = std::max(w, ImGui::CalcTextSize(api_of(columns[c]).c_str()).x);
  return w + ImGui::GetStyle().CellPadding.x * 2;
}

void share_bar(double share) {
  char overlay[32];
  std::snprintf(overlay, sizeof overlay, "%.0f%%", share * 100);
  ImGui::ProgressBar(float(std::min(share, 1.0)), ImVec2(-1, 0), overlay);
}

void bandwidth_table(const CardVerdict& v, const std::vector<Column>& columns) {
  if (v.spec_gbps)
    ImGui::Text("Spec sheet: %s GB/s", figure_text(*v.spec_gbps).c_str());
  else
    coloured(palette::kWarn, "Spec unknown");
  tooltip_for_last_item(v.spec_evidence);
  ImGui::SameLine();
  ImGui::TextDisabled("(%s)", v.spec_evidence.c_str());

  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("bandwidth", 4, flags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("API", ImGuiTableColumnFlags_WidthFixed, api_width(v, columns));
  ImGui::TableSetupColumn("kernel", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("measured (largest working set)", ImGuiTableColumnFlags_WidthFixed,
                          em * 15);
  ImGui::TableSetupColumn("share of spec sheet", ImGuiTableColumnFlags_WidthFixed, em * 14);
  ImGui::TableHeadersRow();
  for (const auto& b : v.bandwidth) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(palette::column_vec(b.column), "%s", api_of(columns[b.column]).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(b.kernel.c_str());
    ImGui::TableNextColumn();
    if (b.measured_gbps)
      ImGui::Text("%s GB/s  (%s)", figure_text(*b.measured_gbps).c_str(), b.point.c_str());
    else
      ImGui::TextDisabled("%s", b.point.c_str());
    ImGui::TableNextColumn();
    if (b.share) {
      share_bar(*b.share);
    } else {
      ImGui::TextDisabled(v.spec_gbps ? "-" : "spec unknown");
    }
  }
  ImGui::EndTable();
}

void compute_table(const CardVerdict& v, const std::vector<Column>& columns) {
  if (v.compute.empty()) {
    muted(v.spec_gbps ? "No compute figure of the spec row was measured on this card."
                      : "No spec row for this card, so no share of its compute.");
    return;
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("compute", 4, flags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("API", ImGuiTableColumnFlags_WidthFixed, api_width(v, columns));
  ImGui::TableSetupColumn("figure", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("measured (best point)", ImGuiTableColumnFlags_WidthFixed, em * 15);
  ImGui::TableSetupColumn("share of spec sheet", ImGuiTableColumnFlags_WidthFixed, em * 14);
  ImGui::TableHeadersRow();
  for (const auto& c : v.compute) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(palette::column_vec(c.column), "%s", api_of(columns[c.column]).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.share.figure.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%s %s  (%s)", figure_text(c.share.measured).c_str(), c.share.unit.c_str(),
                c.share.kernel.c_str());
    tooltip_for_last_item(c.share.kernel + " " + c.share.params + ": " +
                          figure_text(c.share.measured) + " of " + figure_text(c.share.spec) + " " +
                          c.share.unit + " on the spec sheet");
    ImGui::TableNextColumn();
    share_bar(c.share.share());
  }
  ImGui::EndTable();
}

void launch_table(const CardVerdict& v, const std::vector<Column>& columns) {
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("launch", 3, flags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("API", ImGuiTableColumnFlags_WidthFixed, api_width(v, columns));
  ImGui::TableSetupColumn("launch latency (host waits)", ImGuiTableColumnFlags_WidthFixed, em * 14);
  ImGui::TableSetupColumn("launch gap (device timestamps)", ImGuiTableColumnFlags_WidthFixed,
                          em * 14);
  ImGui::TableHeadersRow();
  auto cell = [](const std::optional<double>& us, const std::string& note) {
    ImGui::TableNextColumn();
    if (us)
      ImGui::Text("%s us", figure_text(*us).c_str());
    else
      ImGui::TextDisabled("%s", note.c_str());
  };
  for (const auto& l : v.launch) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(palette::column_vec(l.column), "%s", api_of(columns[l.column]).c_str());
    cell(l.latency_us, l.latency_note);
    cell(l.gap_us, l.gap_note);
  }
  ImGui::EndTable();
}

const LadderStep& first_measured(const MatmulLadder& l) {
  for (const auto& s : l.steps)
    if (s.gflops) return s;
  return l.steps.front();
}

void ladder_table(const CardVerdict& v, const std::vector<Column>& columns) {
  if (v.ladders.empty()) {
    muted("No matmul results for this card.");
    return;
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("ladder", 4, flags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("API", ImGuiTableColumnFlags_WidthFixed, api_width(v, columns));
  ImGui::TableSetupColumn("rung", ImGuiTableColumnFlags_WidthFixed, em * 16);
  ImGui::TableSetupColumn("GFLOPS", ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn("speed-up over the first rung", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const auto& l : v.ladders)
    for (const auto& s : l.steps) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(palette::column_vec(l.column), "%s", api_of(columns[l.column]).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.label.c_str());
      if (s.tensor_cores) tooltip_for_last_item(l.tensor_core_evidence);
      ImGui::TableNextColumn();
      if (s.gflops)
        ImGui::TextUnformatted(figure_text(*s.gflops).c_str());
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (s.speedup && &s == &first_measured(l))
        ImGui::Text("baseline  (%s)", s.params.c_str());
      else if (s.speedup)
        ImGui::Text("x%s  (%s)", figure_text(*s.speedup).c_str(), s.params.c_str());
      else if (s.gflops)
        ImGui::TextDisabled("not comparable  (%s)", s.params.c_str());
      else
        ImGui::TextDisabled("%s", s.note.empty() ? "not measured" : s.note.c_str());
    }
  ImGui::EndTable();
  // The shape each API's rungs were compared at: like for like, or why not.
  for (const auto& l : v.ladders)
    if (!l.basis.empty()) {
      ImGui::TextColored(palette::column_vec(l.column), "%s", api_of(columns[l.column]).c_str());
      ImGui::SameLine();
      muted(l.basis);
    }
}

void feature_matrix(const CardVerdict& v, const std::vector<Column>& columns) {
  const int ncol = 1 + int(v.columns.size());
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame;
  if (!ImGui::BeginTable("features", ncol, flags)) return;
  ImGui::TableSetupColumn("feature", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 9);
  for (size_t c : v.columns) ImGui::TableSetupColumn(api_of(columns[c]).c_str());
  ImGui::TableHeadersRow();
  for (const auto& row : v.features) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.feature.c_str());
    for (const auto& cell : row.cells) {
      ImGui::TableNextColumn();
      if (cell.value == true)
        ImGui::TextColored(palette::kGood, "yes");
      else if (cell.value == false)
        ImGui::TextColored(palette::kBad, "no");
      else
        ImGui::TextColored(palette::kMuted, "unknown");
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, palette::kMuted);
      ImGui::TextWrapped("%s", cell.evidence.c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_why_cuda_panel(App& app) {
  const WhyCudaReport& why = app.derived.why;
  const auto& columns = app.derived.table.columns;
  coloured(why.nvidia_present ? palette::kGood : palette::kWarn, why.nvidia_note);
  if (why.cards.empty()) {
    muted("No results to reason from yet: run the suite or open result files.");
    return;
  }
  for (size_t i = 0; i < why.cards.size(); ++i) {
    const CardVerdict& v = why.cards[i];
    ImGui::PushID(int(i));
    std::string title =
        v.card + (v.source.empty() ? "  (this machine)" : "  [" + file_label(v.source) + "]");
    title += "  -  ";
    for (size_t k = 0; k < v.columns.size(); ++k)
      title += (k ? ", " : "") + api_of(columns[v.columns[k]]);
    if (ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
      ImGui::Indent();
      if (v.findings.empty()) muted("Nothing to compare yet on this card.");
      for (const auto& f : v.findings) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", f.c_str());
      }
      heading("Bandwidth reached");
      bandwidth_table(v, columns);
      heading("Compute reached");
      compute_table(v, columns);
      heading("Launch overhead");
      launch_table(v, columns);
      heading("Matmul ladder");
      ladder_table(v, columns);
      heading("Features across APIs (with the evidence for each cell)");
      feature_matrix(v, columns);
      ImGui::Unindent();
    }
    ImGui::PopID();
  }
}

}  // namespace gpuprobe::gui
