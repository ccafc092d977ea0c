// PNGs of what is on screen: the whole window (scripted mode) or one chart's rectangle
// (Export PNG), read back from the frame just rendered with glReadPixels and written with
// stb_image_write.
#pragma once

#include <string>

namespace gpuprobe::gui {

// A rectangle in ImGui's coordinates (window pixels, origin top-left).
struct ScreenRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Reads `rect` (the whole framebuffer if empty) from the back buffer after
// Platform::render() and before present(), and writes it as an RGB PNG. Returns an empty
// string on success, else what went wrong (naming the file).
std::string write_png(const std::string& path, ScreenRect rect = {});

}  // namespace gpuprobe::gui
