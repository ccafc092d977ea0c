// Window sizes from outside (a hand-edited or corrupt imgui.ini, --size, a monitor): kept
// within what a window can have, so a bad saved size can never stop the GUI from starting.
#pragma once

namespace gpuprobe::gui {

inline constexpr int kMinWindowWidth = 320, kMinWindowHeight = 240;
// Above any monitor sold today (8K is 7680x4320) and within every GL's framebuffer limits.
inline constexpr int kMaxWindowSide = 8192;

struct WindowSize {
  int width = 1280, height = 800;
  bool operator==(const WindowSize&) const = default;
};

// `wanted` clamped into [kMinWindow*, limit] per side, where the limit is `bound` (a
// monitor's work area; a side <= 0 means unknown) or else kMaxWindowSide.
WindowSize clamp_window_size(WindowSize wanted, WindowSize bound = {0, 0});

}  // namespace gpuprobe::gui
