// Files: open result documents (also from other machines) as extra columns, save the
// current run, export the results table as CSV/Markdown, and choose where chart PNGs go.
// A path field and a button each: no native dialog library needed.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/app.hpp"
#include "app/palette.hpp"
#include "app/settings.hpp"
#include "app/widgets.hpp"
#include "panels/panels.hpp"

namespace gpuprobe::gui {
namespace {

bool path_field(const char* label, const char* hint, std::string& path) {
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 12,
                                   ImGui::GetFontSize() * 36));
  const bool enter =
      ImGui::InputTextWithHint(label, hint, &path, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsItemDeactivatedAfterEdit()) mark_settings_dirty();
  return enter;
}

void loaded_files(App& app) {
  const auto& files = app.workspace.files();
  if (files.empty()) {
    muted(
        "No result file open. Files written by `gpuprobe run --json FILE` or saved here open as "
        "extra "
        "columns in every panel.");
    return;
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("files", 5, flags)) return;
  ImGui::TableSetupColumn("file", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("host", ImGuiTableColumnFlags_WidthStretch, 1.5f);
  ImGui::TableSetupColumn("started (UTC)", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("devices", ImGuiTableColumnFlags_WidthStretch, 2.5f);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4);
  ImGui::TableHeadersRow();
  std::optional<size_t> close;
  for (size_t i = 0; i < files.size(); ++i) {
    const RunReport& r = *files[i].report;
    ImGui::PushID(int(i));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", files[i].path.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s (%s)", r.host.hostname.c_str(), r.host.cpu.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s, %s, gpuprobe %s", r.started_utc.c_str(), r.mode.c_str(),
                       r.tool_version.c_str());
    ImGui::TableNextColumn();
    std::string devices;
    for (const auto& d : r.devices) devices += (devices.empty() ? "" : "; ") + d.device.label();
    ImGui::TextWrapped("%s", devices.empty() ? "(no devices)" : devices.c_str());
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("Close")) close = i;
    ImGui::PopID();
  }
  ImGui::EndTable();
  if (close) app.workspace.close_file(*close);
}

// Two or more open files: the `gpuprobe compare` table, every figure with its ratio to the
// first file's, and the points only some files have.
void files_comparison(App& app) {
  const FilesComparison& c = app.derived.files_comparison;
  if (!c.shown()) return;
  heading("Compared with the first file");
  if (!c.error.empty()) {
    ImGui::TextWrapped("These files cannot be compared: %s", c.error.c_str());
    return;
  }
  ImGui::TextDisabled(
      "Every figure with its ratio to the first column (as `gpuprobe compare FILES` prints).");
  const int columns = int(c.columns.size()) + 1;
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("comparison", columns, flags)) {
    ImGui::TableSetupColumn("point", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    for (const auto& label : c.columns)
      ImGui::TableSetupColumn(label.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    std::string current;
    for (const auto& row : c.rows) {
      if (row.heading != current) {
        current = row.heading;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.heading.c_str());
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("  %s", row.params.c_str());
      for (const auto& cell : row.cells) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(cell.c_str());
      }
    }
    ImGui::EndTable();
  }
  for (const auto& line : c.partial) muted(line);
}

}  // namespace

void draw_files_panel(App& app) {
  PersistedState& s = app.state;

  heading("Open result files");
  const bool open_enter = path_field(
      "##open", "path of a result .json (from gpuprobe run --json or Save)", s.open_path);
  ImGui::SameLine();
  if ((ImGui::Button("Open") || open_enter) && !s.open_path.empty()) app.open_file(s.open_path);
  loaded_files(app);
  files_comparison(app);

  heading("Save the current run");
  const bool have_live = app.workspace.live() != nullptr;
  if (!have_live) muted("No run in this session yet.");
  ImGui::BeginDisabled(!have_live || app.run_active());
  const bool save_enter = path_field("##save", "where to write the run", s.save_path);
  ImGui::SameLine();
  if (ImGui::Button("Save JSON") || save_enter) app.save_live(s.save_path);
  ImGui::EndDisabled();
  if (app.run_active()) muted("Saving is possible once the run has ended (or been cancelled).");

  heading("Export the results table");
  ImGui::TextDisabled("Every column on screen: the current run and the open files.");
  path_field("##export", "where to write the table", s.export_path);
  ImGui::SameLine();
  if (ImGui::Button("CSV")) app.export_table(s.export_path, TextFormat::Csv);
  ImGui::SameLine();
  if (ImGui::Button("Markdown")) app.export_table(s.export_path, TextFormat::Markdown);
  ImGui::SameLine();
  if (ImGui::Button("Copy Markdown")) {
    const auto reports = app.workspace.reports();
    if (reports.empty())
      app.report_error("Nothing to copy: no results on screen.");
    else {
      ImGui::SetClipboardText(format_results(reports, TextFormat::Markdown).c_str());
      app.report_status("Copied the results table (Markdown) to the clipboard.");
    }
  }

  heading("Chart images");
  ImGui::TextDisabled("Directory for the charts' \"Save PNG\" buttons (Charts panel).");
  path_field("##charts", "directory", s.chart_dir);
}

}  // namespace gpuprobe::gui
