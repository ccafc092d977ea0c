// What the GUI remembers between sessions, stored in ImGui's own ini file under the
// user's config directory ($XDG_CONFIG_HOME/gpuprobe/imgui.ini, else
// ~/.config/gpuprobe/imgui.ini), never in the working directory. ImGui keeps its table
// column widths there; a "[gpuprobe][State]" section adds the window size, the open panel
// and the paths typed into the Files panel.
#pragma once

#include <string>

namespace gpuprobe::gui {

struct PersistedState {
  int width = 1280, height = 800;
  std::string panel = "devices";
  std::string open_path, save_path = "gpuprobe-result.json", export_path = "gpuprobe-results.md",
                         chart_dir = ".";
};

// The directory, created if missing. Empty if neither XDG_CONFIG_HOME nor HOME is set or
// the directory cannot be created (then nothing is persisted).
std::string config_dir();

// Registers the "[gpuprobe]" ini handler with the current ImGui context, points ImGui at
// `ini_path` (empty: no ini) and reads it now, so the window can be created at the saved
// size. `state` must outlive the ImGui context.
void install_settings(PersistedState& state, const std::string& ini_path);

// Tell ImGui the state changed, so it writes the ini at its next save.
void mark_settings_dirty();

}  // namespace gpuprobe::gui
