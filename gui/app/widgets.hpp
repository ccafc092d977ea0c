// Small ImGui helpers the panels share.
#pragma once

#include <imgui.h>

#include <string>

namespace gpuprobe::gui {

// Tooltip with `text` while the last item is hovered.
void tooltip_for_last_item(const std::string& text);
// "(?)" that explains something on hover.
void help_marker(const char* text);
void heading(const char* text);
void muted(const std::string& text);                           // wrapped, grey
void coloured(const ImVec4& colour, const std::string& text);  // wrapped
// Text cut to `max_width` pixels with "..." (full text on hover).
void clipped_text(const std::string& text, float max_width, const ImVec4* colour = nullptr);

}  // namespace gpuprobe::gui
