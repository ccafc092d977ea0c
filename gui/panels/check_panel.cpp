// Buyer's check: runs `gpuprobe check` (gpuprobe/buyer_check.hpp) from the window and shows
// the verdict per device with its evidence: every finding with its level, the measured
// figures, software support and what the buyer weighs next to health.
#include <imgui.h>

#include <string>

#include "app/app.hpp"
#include "app/palette.hpp"
#include "app/widgets.hpp"
#include "panels/panels.hpp"

namespace gpuprobe::gui {
namespace {

ImVec4 level_colour(CheckLevel level) {
  switch (level) {
    case CheckLevel::Pass:
      return palette::kGood;
    case CheckLevel::Warn:
      return palette::kWarn;
    case CheckLevel::Fail:
      return palette::kBad;
    case CheckLevel::Info:
    case CheckLevel::Unavailable:
      return palette::kMuted;
  }
  return palette::kMuted;
}

void draw_device(const DeviceCheck& c, const std::string& currency) {
  ImGui::PushID(c.device.label().c_str());
  ImGui::TextColored(level_colour(c.verdict), "%s", check_level_name(c.verdict));
  ImGui::SameLine();
  ImGui::TextUnformatted(c.device.label().c_str());
  ImGui::Indent();
  ImGui::TextDisabled("spec row: %s",
                      c.spec.recognised ? c.spec.row_name.c_str() : c.spec.note.c_str());
  if (c.measured_fp32_tflops || c.measured_bandwidth_gbs) {
    ImGui::TextDisabled("measured: DRAM read %.3g GB/s, fp32 %.3g TFLOPS%s",
                        c.measured_bandwidth_gbs.value_or(0), c.measured_fp32_tflops.value_or(0),
                        c.measured_tensor_tflops ? "" : ", no fp16 matmul");
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("findings", 3, flags)) {
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupColumn("level", ImGuiTableColumnFlags_WidthFixed, em * 5.5f);
    ImGui::TableSetupColumn("check", ImGuiTableColumnFlags_WidthFixed, em * 9.0f);
    ImGui::TableSetupColumn("finding", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const auto& f : c.findings) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(level_colour(f.level), "%s", check_level_name(f.level));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(f.area.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", f.text.c_str());
    }
    ImGui::EndTable();
  }
  for (const auto& line : c.support) ImGui::TextDisabled("support: %s", line.c_str());
  for (const auto& use : c.vram_uses) ImGui::Text("VRAM: %s", use.c_str());
  for (const auto& v : c.value)
    ImGui::Text("value: %.2f %s %s (rank %zu of %zu)", v.cost, currency.c_str(), v.what.c_str(),
                v.rank, v.ranked);
  if (!c.value_note.empty()) ImGui::TextDisabled("%s", c.value_note.c_str());
  if (c.yearly_energy_cost)
    ImGui::Text("energy: %.2f %s a year (%s)", *c.yearly_energy_cost, currency.c_str(),
                c.energy_note.c_str());
  else if (!c.energy_note.empty())
    ImGui::TextDisabled("energy: %s", c.energy_note.c_str());
  ImGui::Unindent();
  ImGui::Spacing();
  ImGui::PopID();
}

}  // namespace

void draw_check_panel(App& app) {
  BuyerCheckOptions& o = app.check_choices;
  const CheckJob& job = app.check_job();
  ImGui::TextDisabled(
      "Is each card the one the seller claims, is its memory sound, does it hold its "
      "throughput under load, is it still supported, and is it worth the price?");
  ImGui::Checkbox("quick (60 s of load, at most 1 GiB tested)", &o.quick);
  ImGui::SameLine();
  ImGui::Checkbox("skip memory test", &o.skip_memory);
  ImGui::SameLine();
  ImGui::Checkbox("skip load", &o.skip_load);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::InputDouble("price", &app.check_price, 0, 0, "%.2f");
  ImGui::SameLine();
  ImGui::TextDisabled("%s (0: no value figures)", o.currency.c_str());
  if (job.running()) {
    if (ImGui::Button("Cancel")) app.cancel_check();
  } else if (ImGui::Button("Run the buyer's check")) {
    BuyerCheckOptions start = o;
    if (app.check_price > 0) start.price = app.check_price;
    app.start_check(start);
  }
  ImGui::Separator();
  if (job.running()) {
    const auto log = job.log();
    const size_t first = log.size() > 12 ? log.size() - 12 : 0;
    for (size_t i = first; i < log.size(); ++i) ImGui::TextUnformatted(log[i].c_str());
    return;
  }
  const auto& report = job.report();
  if (!report) {
    muted(
        "No check yet. It measures every device for minutes (quick: about one each); the "
        "same as `gpuprobe check` on the command line.");
    return;
  }
  ImGui::TextColored(level_colour(report->verdict), "Verdict: %s%s",
                     check_level_name(report->verdict),
                     report->cancelled ? " (cancelled before every step ran)" : "");
  ImGui::BeginChild("devices");
  for (const auto& d : report->devices) draw_device(d, report->currency);
  ImGui::EndChild();
}

}  // namespace gpuprobe::gui
