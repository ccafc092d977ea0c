// Run: pick devices, kernels and quick/full; Run and Cancel; one progress bar per device.
// The suite runs on the Session's worker thread; this panel only reads its progress.
#include <imgui.h>

#include <cstdio>

#include "app/app.hpp"
#include "app/palette.hpp"
#include "app/widgets.hpp"
#include "gpuprobe/kernels.hpp"
#include "panels/panels.hpp"

namespace gpuprobe::gui {
namespace {

std::string key_of(const DeviceInfo& d) { return d.backend + ":" + std::to_string(d.index); }

void initialise_choices(App& app) {
  RunChoices& c = app.choices;
  if (c.initialised || !app.session_ready()) return;
  for (const auto& d : app.session()->devices()) c.device_on[key_of(d)] = true;
  for (const auto& spec : kernel_specs()) c.kernel_on[spec.name] = true;
  c.initialised = true;
}

void device_choices(App& app) {
  heading("Devices");
  bool any = false;
  for (const auto& b : app.session()->backends()) {
    if (!b.available) {
      ImGui::BeginDisabled();
      bool off = false;
      ImGui::Checkbox((b.name + " (unavailable)").c_str(), &off);
      ImGui::EndDisabled();
      tooltip_for_last_item(b.reason);
      continue;
    }
    for (const auto& d : b.devices) {
      any = true;
      const std::string label = (d.api.empty() ? d.backend : d.api) + "  " + d.label();
      ImGui::Checkbox(label.c_str(), &app.choices.device_on[key_of(d)]);
    }
  }
  if (!any) muted("No device is available to run on.");
}

void kernel_choices(App& app) {
  heading("Kernels");
  if (ImGui::SmallButton("all"))
    for (auto& [k, on] : app.choices.kernel_on) on = true;
  ImGui::SameLine();
  if (ImGui::SmallButton("none"))
    for (auto& [k, on] : app.choices.kernel_on) on = false;
  // Grouped by family, as kernels.def lists them; a family's kernels share a line while
  // they fit.
  std::string family;
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (const auto& spec : kernel_specs()) {
    if (spec.family != family) {
      family = spec.family;
      ImGui::TextDisabled("%s", family.c_str());
    } else {
      const float w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                      ImGui::CalcTextSize(spec.name.c_str()).x +
                      ImGui::GetStyle().ItemSpacing.x * 2;
      if (ImGui::GetItemRectMax().x + w < right)
        ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
    }
    ImGui::Checkbox(spec.name.c_str(), &app.choices.kernel_on[spec.name]);
    tooltip_for_last_item(spec.unit + ": " + spec.counting);
  }
}

void progress_bars(App& app) {
  const ProgressView v = app.progress.view();
  if (v.devices.empty()) {
    muted("No run yet in this session.");
    return;
  }
  for (const auto& d : v.devices) {
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%zu / %zu", d.done, d.total);
    ImGui::ProgressBar(d.fraction(), ImVec2(ImGui::GetFontSize() * 14, 0),
                       d.total ? overlay : "waiting");
    ImGui::SameLine();
    ImGui::TextUnformatted(d.label.c_str());
    if (!d.message.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", d.message.c_str());
    }
  }
  if (app.run_active())
    ImGui::Text("%.0f s elapsed", v.elapsed_seconds);
  else if (!app.status().empty())
    ImGui::TextUnformatted(app.status().c_str());
}

}  // namespace

void draw_run_panel(App& app) {
  if (!app.session_ready()) {
    if (app.discovery_error().empty())
      ImGui::TextDisabled("Looking for backends...");
    else
      coloured(palette::kBad, "No backends: " + app.discovery_error());
    return;
  }
  initialise_choices(app);

  const bool running = app.run_active();
  ImGui::BeginDisabled(running);
  if (ImGui::Button("Run", ImVec2(ImGui::GetFontSize() * 6, 0)))
    app.start_run(app.run_options_from_choices());
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!running || app.cancelling());
  if (ImGui::Button("Cancel", ImVec2(ImGui::GetFontSize() * 6, 0))) app.cancel_run();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(running);
  int mode = app.choices.full ? 1 : 0;
  ImGui::RadioButton("quick", &mode, 0);
  ImGui::SameLine();
  ImGui::RadioButton("full", &mode, 1);
  app.choices.full = mode == 1;
  help_marker(
      "quick: a few sizes per kernel (minutes). full: dense sweeps and large matmul shapes.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::SliderFloat("min sample ms", &app.choices.min_sample_ms, 1.0f, 200.0f, "%.0f",
                     ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  help_marker("Launches are batched until one timed sample lasts at least this long.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  // At least five, as the CLI: the median and spread need them. Typed values are clamped.
  ImGui::SliderInt("samples", &app.choices.samples, 5, 64, "%d", ImGuiSliderFlags_AlwaysClamp);
  ImGui::EndDisabled();

  heading("Progress");
  progress_bars(app);

  ImGui::BeginDisabled(running);
  if (ImGui::BeginTable("choices", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("devices", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("kernels", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    device_choices(app);
    ImGui::TableNextColumn();
    kernel_choices(app);
    ImGui::EndTable();
  }
  ImGui::EndDisabled();
}

}  // namespace gpuprobe::gui
