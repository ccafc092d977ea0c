// History: the runs `gpuprobe run` saved (the default SQLite file, or gpuprobe-gui --db), and
// one kernel's trend over them on a chosen device, with each run's measured spread.
#include <imgui.h>

#include "app/app.hpp"
#include "app/charts.hpp"
#include "app/palette.hpp"
#include "app/widgets.hpp"
#include "panels/panels.hpp"

namespace gpuprobe::gui {
namespace {

void trend_choice(HistoryBrowser& history) {
  std::string kernel = history.kernel(), device = history.device();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  if (ImGui::BeginCombo("kernel", kernel.empty() ? "(none)" : kernel.c_str())) {
    for (const auto& k : history.kernels())
      if (ImGui::Selectable(k.c_str(), k == kernel)) kernel = k;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  if (ImGui::BeginCombo("device", device.empty() ? "every device" : device.c_str())) {
    if (ImGui::Selectable("every device", device.empty())) device.clear();
    for (const auto& d : history.devices())
      if (ImGui::Selectable(d.c_str(), d == device)) device = d;
    ImGui::EndCombo();
  }
  if (kernel != history.kernel() || device != history.device()) history.select(kernel, device);
}

void runs_table(const std::vector<HistoryRun>& runs) {
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("runs", 7, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* name : {"run", "started (UTC)", "host", "mode", "from", "gpuprobe", "points"})
    ImGui::TableSetupColumn(name);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;  // 10,000 runs draw as fast as 20
  clipper.Begin(int(runs.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const HistoryRun& r = runs[size_t(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("#%lld", static_cast<long long>(r.id));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.started_utc.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.host.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%s%s", r.mode.c_str(), r.complete ? "" : " (incomplete)");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.origin.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.tool_version.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%zu", r.points);
    }
  ImGui::EndTable();
}

}  // namespace

void draw_history_panel(App& app) {
  HistoryBrowser& history = app.history;
  if (!history.loaded()) history.load();
  if (ImGui::Button("Reload")) history.load();
  ImGui::SameLine();
  ImGui::TextColored(palette::kAccent, "%s", history.described().c_str());
  if (!history.error().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kBad);
    ImGui::TextWrapped("%s", history.error().c_str());
    ImGui::PopStyleColor();
    return;
  }
  if (history.runs().empty()) {
    muted(
        "No runs stored yet: every `gpuprobe run` saves its figures here (gpuprobe-gui --db "
        "chooses another store).");
    return;
  }
  trend_choice(history);
  const float chart_height = std::max(ImGui::GetContentRegionAvail().y * 0.55f, 160.0f);
  if (history.series().empty())
    muted("No Ok point of this kernel on this device in the stored runs.");
  else
    draw_trend_chart("trend", history.series(), chart_height);
  ImGui::Text("%zu run(s), newest first", history.runs().size());
  runs_table(history.runs());
}

}  // namespace gpuprobe::gui
