// Colours with a meaning: one per column (the same device/API has the same colour in every
// chart and legend) and the few status colours the tables use.
#pragma once

#include <imgui.h>

#include <cstddef>

namespace gpuprobe::gui::palette {

ImU32 column(size_t index);  // Tableau 10, cycling
ImVec4 column_vec(size_t index);

inline const ImVec4 kGood{0.45f, 0.85f, 0.45f, 1.0f};          // best in row, "yes"
inline const ImVec4 kBad{0.95f, 0.40f, 0.35f, 1.0f};           // failed verification, errors, "no"
inline const ImVec4 kMuted{0.58f, 0.58f, 0.62f, 1.0f};         // unsupported, not measured, unknown
inline const ImVec4 kWarn{0.98f, 0.78f, 0.30f, 1.0f};          // notes that need attention
inline const ImVec4 kAccent{0.40f, 0.70f, 1.00f, 1.0f};        // headings
inline const ImU32 kOnlyThisApi = IM_COL32(60, 120, 60, 150);  // capability only this API exposes
inline const ImU32 kDiffersOnCard =
    IM_COL32(130, 100, 30, 150);  // same key, other value, same card

}  // namespace gpuprobe::gui::palette
