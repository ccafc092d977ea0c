#include "app/settings.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "gpuprobe/parse_number.hpp"
#include "model/window_size.hpp"

namespace gpuprobe::gui {
namespace {

constexpr size_t kMaxSavedPathBytes = 4096;  // PATH_MAX on Linux

// ImGui keeps a pointer to the filename: it must outlive the context.
std::string g_ini_path;

void* read_open(ImGuiContext*, ImGuiSettingsHandler* handler, const char* name) {
  return std::strcmp(name, "State") == 0 ? handler->UserData : nullptr;
}

void read_line(ImGuiContext*, ImGuiSettingsHandler*, void* entry, const char* line) {
  auto* s = static_cast<PersistedState*>(entry);
  if (std::strncmp(line, "Size=", 5) == 0) {
    // A hand-edited or corrupt size is clamped (or, unreadable, ignored), never fatal:
    // the window is opened at it before anything could be fixed in the GUI.
    try {
      const auto wh = parse_dimensions(line + 5, ',', 2, 1'000'000'000, "Size");
      const WindowSize size = clamp_window_size({int(wh[0]), int(wh[1])});
      s->width = size.width;
      s->height = size.height;
    } catch (const std::invalid_argument&) {
    }
    return;
  }
  auto value_of = [&](const char* key, std::string& out) {
    const size_t n = std::strlen(key);
    if (std::strncmp(line, key, n) == 0 && line[n] == '=') {
      // A path longer than any file system allows is damage: keep the default.
      if (std::strlen(line + n + 1) <= kMaxSavedPathBytes) out = line + n + 1;
      return true;
    }
    return false;
  };
  value_of("Panel", s->panel) || value_of("Open", s->open_path) || value_of("Save", s->save_path) ||
      value_of("Export", s->export_path) || value_of("ChartDir", s->chart_dir);
}

void write_all(ImGuiContext*, ImGuiSettingsHandler* handler, ImGuiTextBuffer* out) {
  const auto* s = static_cast<const PersistedState*>(handler->UserData);
  out->appendf("[%s][State]\n", handler->TypeName);
  out->appendf("Size=%d,%d\n", s->width, s->height);
  out->appendf("Panel=%s\n", s->panel.c_str());
  out->appendf("Open=%s\n", s->open_path.c_str());
  out->appendf("Save=%s\n", s->save_path.c_str());
  out->appendf("Export=%s\n", s->export_path.c_str());
  out->appendf("ChartDir=%s\n", s->chart_dir.c_str());
  out->append("\n");
}

}  // namespace

std::string config_dir() {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    base = std::filesystem::path(home) / ".config";
  else
    return {};
  const auto dir = base / "gpuprobe";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return ec ? std::string() : dir.string();
}

void install_settings(PersistedState& state, const std::string& ini_path) {
  ImGuiSettingsHandler handler;
  handler.TypeName = "gpuprobe";
  handler.TypeHash = ImHashStr("gpuprobe");
  handler.ReadOpenFn = read_open;
  handler.ReadLineFn = read_line;
  handler.WriteAllFn = write_all;
  handler.UserData = &state;
  // ImGui 1.86 has no AddSettingsHandler(); this is what it does in later versions.
  ImGui::GetCurrentContext()->SettingsHandlers.push_back(handler);

  g_ini_path = ini_path;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = g_ini_path.empty() ? nullptr : g_ini_path.c_str();
  if (!g_ini_path.empty() && std::filesystem::exists(g_ini_path))
    ImGui::LoadIniSettingsFromDisk(g_ini_path.c_str());
}

void mark_settings_dirty() { ImGui::MarkIniSettingsDirty(); }

}  // namespace gpuprobe::gui
