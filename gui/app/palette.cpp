#include "app/palette.hpp"

namespace gpuprobe::gui::palette {
namespace {

// Tableau 10: distinguishable on a dark background and for most colour-blind readers.
constexpr ImU32 kColumns[] = {
    IM_COL32(78, 121, 167, 255),  IM_COL32(242, 142, 43, 255),  IM_COL32(225, 87, 89, 255),
    IM_COL32(118, 183, 178, 255), IM_COL32(89, 161, 79, 255),   IM_COL32(237, 201, 72, 255),
    IM_COL32(176, 122, 161, 255), IM_COL32(255, 157, 167, 255), IM_COL32(156, 117, 95, 255),
    IM_COL32(186, 176, 172, 255),
};

}  // namespace

ImU32 column(size_t index) { return kColumns[index % (sizeof kColumns / sizeof kColumns[0])]; }

ImVec4 column_vec(size_t index) { return ImGui::ColorConvertU32ToFloat4(column(index)); }

}  // namespace gpuprobe::gui::palette
