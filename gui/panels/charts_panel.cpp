// Charts: bars per kernel family, the memory-latency curve with its cache levels, the
// latency-hiding curve of every device on one chart, and the matmul ladder per device.
// Each chart can be written as a PNG (what is on screen, read back after rendering).
#include <imgui.h>

#include <cctype>
#include <filesystem>
#include <functional>

#include "app/app.hpp"
#include "app/charts.hpp"
#include "app/palette.hpp"
#include "app/widgets.hpp"
#include "model/text.hpp"
#include "panels/panels.hpp"

namespace gpuprobe::gui {
namespace {

std::string file_safe(const std::string& s) {
  std::string out;
  for (char c : s)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
  return out;
}

// Title, PNG button, a line saying what the chart shows, then the chart.
void chart_block(App& app, const std::string& id, const std::string& title,
                 const std::string& subtitle, bool has_data,
                 const std::function<ScreenRect()>& draw) {
  ImGui::PushID(id.c_str());
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::TextColored(palette::kAccent, "%s", title.c_str());
  bool save = false;
  if (has_data) {
    const float button_w = ImGui::CalcTextSize("Save PNG").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                         std::max(ImGui::GetContentRegionAvail().x - button_w, 0.0f));
    save = ImGui::SmallButton("Save PNG");
    tooltip_for_last_item("Writes this chart as shown to " + app.state.chart_dir + "/chart-" +
                          file_safe(id) + ".png");
  }
  if (!subtitle.empty()) muted(subtitle);
  if (!has_data) {
    ImGui::Spacing();
    ImGui::PopID();
    return;
  }
  ScreenRect rect = draw();
  rect.y0 = start.y;
  // Scripted export: only charts wholly on screen (a PNG shows what the window shows).
  const ImVec2 clip_min = ImGui::GetWindowPos();
  const ImVec2 clip_max(clip_min.x + ImGui::GetWindowSize().x,
                        clip_min.y + ImGui::GetWindowSize().y);
  const bool on_screen = rect.x0 >= clip_min.x && rect.y0 >= clip_min.y && rect.x1 <= clip_max.x &&
                         rect.y1 <= clip_max.y;
  if (save || (app.export_charts_now && on_screen)) {
    const auto path =
        std::filesystem::path(app.state.chart_dir.empty() ? "." : app.state.chart_dir) /
        ("chart-" + file_safe(id) + ".png");
    app.request_capture(path.string(), rect);
  }
  ImGui::Spacing();
  ImGui::PopID();
}

}  // namespace

void draw_charts_panel(App& app) {
  const Derived& d = app.derived;
  const auto& columns = d.table.columns;
  if (columns.empty()) {
    muted(
        "No results yet. Charts appear as soon as the first kernel of a run finishes, or when a "
        "result file is "
        "opened.");
    return;
  }
  ImGui::Checkbox("log scale for bars", &app.bars_log_scale);
  help_marker("A GPU's bandwidth can be 100x a CPU's: on a linear axis the CPU bars vanish.");

  const float chart_h = ImGui::GetFontSize() * 17;
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_PadOuterX;
  if (!ImGui::BeginTable("charts", 2, flags)) return;

  // Curves first: they are what a table cannot show.
  ImGui::TableNextColumn();
  chart_block(
      app, "memory-latency", "Memory latency: pointer_chase ns/load vs working set (log-log)",
      d.latency.empty() ? "no pointer_chase curve yet (needs two sizes on one device)"
                        : "dashed lines: knees between the memory levels found in the data (> 1.6x "
                          "the level's first latency); triangles: cache sizes the devices report",
      !d.latency.empty(),
      [&] { return draw_latency_chart("latency", d.latency, columns, chart_h); });
  // Where the platform's cache report and the measured curve disagree, say so under it.
  for (const LatencyCurve& curve : d.latency)
    if (curve.memory.contradicted)
      coloured(palette::kWarn, columns[curve.column].short_label + ": " + curve.memory.text);
  ImGui::TableNextColumn();
  chart_block(app, "latency-hiding", "Latency hiding: GB/s vs work-items in flight (log-log)",
              d.hiding.empty() ? "no latency_hiding results yet"
                               : "circle: fewest work-items reaching 90% of that device's peak",
              !d.hiding.empty(),
              [&] { return draw_hiding_chart("hiding", d.hiding, columns, chart_h); });

  for (size_t i = 0; i < d.family_bars.size(); ++i) {
    const FamilyChart& f = d.family_bars[i];
    ImGui::TableNextColumn();
    const std::string title =
        f.family + " [" + f.unit + (f.lower_is_better ? ", lower is better]" : "]");
    chart_block(app, "bars-" + f.family + "-" + f.unit, title, f.basis, true,
                [&] { return draw_family_chart("bars", f, columns, chart_h, app.bars_log_scale); });
  }

  ImGui::TableNextColumn();
  chart_block(app, "matmul-ladder",
              "Matmul ladder: naive -> tiled -> vendor library -> reduced precision",
              d.ladders.empty() ? "no matmul results yet"
                                : "bars: GFLOPS (log); xN: speed-up over the device's first rung",
              !d.ladders.empty(), [&] { return draw_ladder_chart("ladder", d.ladders, columns); });
  ImGui::EndTable();
}

}  // namespace gpuprobe::gui
