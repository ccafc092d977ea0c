#include "app/widgets.hpp"

#include "app/palette.hpp"

namespace gpuprobe::gui {

void tooltip_for_last_item(const std::string& text) {
  if (text.empty() || !ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  tooltip_for_last_item(text);
}

void heading(const char* text) {
  ImGui::Spacing();
  ImGui::TextColored(palette::kAccent, "%s", text);
  ImGui::Separator();
}

void muted(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kMuted);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void coloured(const ImVec4& colour, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void clipped_text(const std::string& text, float max_width, const ImVec4* colour) {
  std::string shown = text;
  bool cut = false;
  while (shown.size() > 4 && ImGui::CalcTextSize(shown.c_str()).x > max_width) {
    shown.resize(shown.size() - 4);
    // Never end inside a multi-byte UTF-8 sequence ("±" is two bytes).
    while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80)
      shown.pop_back();
    if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
    cut = true;
  }
  if (cut) shown += "...";
  if (colour)
    ImGui::TextColored(*colour, "%s", shown.c_str());
  else
    ImGui::TextUnformatted(shown.c_str());
  if (cut) tooltip_for_last_item(text);
}

}  // namespace gpuprobe::gui
