// Devices: every backend (unavailable ones with their reason), their devices, and the
// capability table with one column per device/API, where what one API exposes and another
// does not on the same card is highlighted.
#include <imgui.h>

#include "app/app.hpp"
#include "app/palette.hpp"
#include "app/widgets.hpp"
#include "model/columns.hpp"
#include "model/latency_curve.hpp"
#include "model/text.hpp"
#include "panels/panels.hpp"

namespace gpuprobe::gui {
namespace {

void backend_rows(const std::vector<BackendStatus>& backends, const std::string& source) {
  for (const auto& b : backends) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(b.name.c_str());
    tooltip_for_last_item(b.library);
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", source.empty() ? "this machine" : file_label(source).c_str());
    ImGui::TableNextColumn();
    if (b.available) {
      ImGui::TextColored(palette::kGood, "available");
      ImGui::TableNextColumn();
      std::string names;
      for (const auto& d : b.devices)
        names += (names.empty() ? "" : "; ") + std::string("[") + std::to_string(d.index) + "] " +
                 d.name;
      ImGui::TextWrapped("%s", names.empty() ? "no devices" : names.c_str());
    } else {
      ImGui::TextColored(palette::kBad, "unavailable");
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, palette::kMuted);
      ImGui::TextWrapped("%s", b.reason.c_str());
      ImGui::PopStyleColor();
    }
  }
}

void capability_table(App& app) {
  const CapabilityTable& t = app.derived.capabilities;
  if (t.devices.empty()) {
    muted("No devices yet.");
    return;
  }
  ImGui::Checkbox("Only rows that differ", &app.capabilities_only_differences);
  ImGui::SameLine();
  ImGui::ColorButton("##only", ImGui::ColorConvertU32ToFloat4(palette::kOnlyThisApi),
                     ImGuiColorEditFlags_NoTooltip,
                     ImVec2(ImGui::GetFontSize(), ImGui::GetFontSize()));
  ImGui::SameLine();
  ImGui::TextUnformatted("only this API reports it on this card");
  ImGui::SameLine();
  ImGui::ColorButton("##differs", ImGui::ColorConvertU32ToFloat4(palette::kDiffersOnCard),
                     ImGuiColorEditFlags_NoTooltip,
                     ImVec2(ImGui::GetFontSize(), ImGui::GetFontSize()));
  ImGui::SameLine();
  ImGui::TextUnformatted("another API on the same card says otherwise");
  help_marker(
      "Devices are the same card when an identity key (pci_bus_id, uuid) matches or, without one, "
      "when one "
      "device name contains the other (PoCL's CPU device and the CPU backend, say). Keys are "
      "whatever each "
      "backend reports, so a new backend's capabilities appear here as rows.");

  const int ncol = int(t.devices.size()) + 1;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("capabilities", ncol, flags, ImGui::GetContentRegionAvail())) return;
  const float value_w = ImGui::GetFontSize() * 14;
  ImGui::TableSetupScrollFreeze(1, 2);
  ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 13);
  for (size_t d = 0; d < t.devices.size(); ++d)
    ImGui::TableSetupColumn(t.labels[d].c_str(), ImGuiTableColumnFlags_WidthFixed, value_w);
  ImGui::TableHeadersRow();

  // Device names as the first row: headers stay short enough to read.
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("device (card group)");
  for (size_t d = 0; d < t.devices.size(); ++d) {
    ImGui::TableNextColumn();
    const std::string name = t.devices[d].device->name + "  #" + std::to_string(t.group_of[d] + 1);
    clipped_text(name, value_w, &palette::kAccent);
  }

  for (const auto& row : t.rows) {
    if (app.capabilities_only_differences && !row.differs) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.key.c_str());
    for (const auto& cell : row.cells) {
      ImGui::TableNextColumn();
      if (!cell.value) {
        ImGui::TextDisabled("-");
        continue;
      }
      if (cell.only_this_api)
        ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, palette::kOnlyThisApi);
      else if (cell.differs_on_card)
        ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, palette::kDiffersOnCard);
      const std::string text = info_text(*cell.value);
      clipped_text(text, value_w);
      if (text != cell.value->to_string()) tooltip_for_last_item(cell.value->to_string());
    }
  }
  ImGui::EndTable();
}

// How each result's DRAM working set was chosen; a cache size the chase contradicted is
// shown in the warning colour, since the capability table above still lists the report.
void memory_plans(App& app) {
  bool any = false;
  for (const Column& c : app.derived.table.columns) {
    const MemoryNote note = memory_note(*c.result);
    if (note.text.empty()) continue;
    if (!any) heading("Memory: reported cache vs measured chase");
    any = true;
    ImGui::TextUnformatted(c.short_label.c_str());
    ImGui::Indent();
    if (note.contradicted)
      coloured(palette::kWarn, note.text);
    else
      muted(note.text);
    ImGui::Unindent();
  }
}

}  // namespace

void draw_devices_panel(App& app) {
  heading("Backends");
  if (!app.session_ready()) {
    if (app.discovery_error().empty())
      ImGui::TextDisabled("Looking for backend plugins and their devices...");
    else
      coloured(palette::kBad, app.discovery_error());
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("backends", 4, flags)) {
    ImGui::TableSetupColumn("backend", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn("from", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 9);
    ImGui::TableSetupColumn("status", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn("devices, or why not", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    if (app.session()) backend_rows(app.session()->backends(), "");
    for (const auto& f : app.workspace.files()) backend_rows(f.report->backends, f.path);
    ImGui::EndTable();
  }
  if (app.session() && app.session()->backends().empty())
    coloured(palette::kWarn,
             "No backend plugins found next to the executable. Set GPUPROBE_PLUGIN_PATH to the "
             "directory "
             "holding gpuprobe-backend-*.so.");

  memory_plans(app);  // above the capability table, which takes the rest of the panel
  heading("Capabilities");
  capability_table(app);
}

}  // namespace gpuprobe::gui
